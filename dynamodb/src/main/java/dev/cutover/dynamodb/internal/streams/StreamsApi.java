package dev.cutover.dynamodb.internal.streams;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.cutover.dynamodb.DynamoDbException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * DynamoDB Streams ({@code DynamoDBStreams_20120810}): ListStreams, DescribeStream, GetShardIterator and GetRecords over
 * the streams the engine captures. Each call is validated in full before it reads anything; errors carry the service's
 * {@code __type} names.
 */
public final class StreamsApi {

    public static final Set<String> OPERATIONS = Set.of("ListStreams", "DescribeStream", "GetShardIterator", "GetRecords");

    static final JsonFactory JSON = new JsonFactory();
    private static final List<String> ITERATOR_TYPES = List.of("TRIM_HORIZON", "LATEST", "AT_SEQUENCE_NUMBER", "AFTER_SEQUENCE_NUMBER");
    private static final int MAX_STREAMS = 100;
    private static final int MAX_SHARDS = 100;
    private static final int MAX_RECORDS = 1000;

    private final StreamStore store;
    private final Clock clock;

    public StreamsApi(StreamStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** The stream ARN a shard iterator reads, for authorising GetRecords; empty when the text is not an iterator. */
    public static Optional<String> streamArnOfIterator(String shardIterator) {
        return ShardIterator.streamArnOf(shardIterator);
    }

    /** Serves one streams call for a caller in {@code account} and {@code region}. */
    public byte[] handle(String account, String region, String operation, JsonNode body) {
        Request r = new Request(body);
        switch (operation) {
            case "ListStreams":
                return listStreams(account, region, r);
            case "DescribeStream":
                return describeStream(r);
            case "GetShardIterator":
                return getShardIterator(r);
            case "GetRecords":
                return getRecords(r);
            default:
                throw new DynamoDbException(400, "UnknownOperationException", "DynamoDB Streams has no operation " + operation);
        }
    }

    private byte[] listStreams(String account, String region, Request r) {
        String tableName = r.string("TableName");
        if (tableName != null) {
            r.length(tableName, "tableName", 3, 255);
        }
        String start = r.string("ExclusiveStartStreamArn");
        if (start != null) {
            r.length(start, "exclusiveStartStreamArn", 37, 1024);
        }
        int limit = r.limit(MAX_STREAMS);
        r.check();
        String prefix = "arn:aws:dynamodb:" + region + ":" + account + ":table/" + (tableName == null ? "" : tableName + "/stream/");
        List<Stream> streams = store.list(prefix, start, clock.instant());
        boolean more = streams.size() > limit;
        List<Stream> page = more ? streams.subList(0, limit) : streams;
        return write(g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("Streams");
            for (Stream s : page) {
                g.writeStartObject();
                g.writeStringField("StreamArn", s.arn());
                g.writeStringField("TableName", s.tableName());
                g.writeStringField("StreamLabel", s.label());
                g.writeEndObject();
            }
            g.writeEndArray();
            if (more) {
                g.writeStringField("LastEvaluatedStreamArn", page.get(page.size() - 1).arn());
            }
            g.writeEndObject();
        });
    }

    private byte[] describeStream(Request r) {
        String arn = r.streamArn();
        String start = r.string("ExclusiveStartShardId");
        if (start != null) {
            r.length(start, "exclusiveStartShardId", 28, 65);
        }
        int limit = r.limit(MAX_SHARDS);
        r.check();
        Stream stream = stream(arn);
        List<Shard> shards = stream.shards();
        int from = 0;
        if (start != null) {
            for (int i = 0; i < shards.size(); i++) {
                if (shards.get(i).id().equals(start)) {
                    from = i + 1;
                }
            }
        }
        List<Shard> page = shards.subList(Math.min(from, shards.size()), Math.min(shards.size(), from + limit));
        boolean more = from + limit < shards.size();
        return write(g -> {
            g.writeStartObject();
            g.writeObjectFieldStart("StreamDescription");
            g.writeStringField("StreamArn", stream.arn());
            g.writeStringField("StreamLabel", stream.label());
            g.writeStringField("StreamStatus", stream.isEnabled() ? "ENABLED" : "DISABLED");
            g.writeStringField("StreamViewType", stream.viewType());
            g.writeNumberField("CreationRequestDateTime", stream.created().toEpochMilli() / 1000.0);
            g.writeStringField("TableName", stream.tableName());
            g.writeArrayFieldStart("KeySchema");
            for (Stream.KeyElement k : stream.keySchema()) {
                g.writeStartObject();
                g.writeStringField("AttributeName", k.name());
                g.writeStringField("KeyType", k.keyType());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("Shards");
            for (Shard s : page) {
                g.writeStartObject();
                g.writeStringField("ShardId", s.id());
                if (s.parentId() != null) {
                    g.writeStringField("ParentShardId", s.parentId());
                }
                g.writeObjectFieldStart("SequenceNumberRange");
                g.writeStringField("StartingSequenceNumber", SequenceNumbers.format(s.startingSequence()));
                if (s.isClosed()) {
                    g.writeStringField("EndingSequenceNumber", SequenceNumbers.format(s.endingSequence()));
                }
                g.writeEndObject();
                g.writeEndObject();
            }
            g.writeEndArray();
            if (more) {
                g.writeStringField("LastEvaluatedShardId", page.get(page.size() - 1).id());
            }
            g.writeEndObject();
            g.writeEndObject();
        });
    }

    private byte[] getShardIterator(Request r) {
        String arn = r.streamArn();
        String shardId = r.string("ShardId");
        if (shardId == null) {
            r.notNull("shardId");
        } else {
            r.length(shardId, "shardId", 28, 65);
        }
        String type = r.string("ShardIteratorType");
        if (type == null) {
            r.notNull("shardIteratorType");
        } else if (!ITERATOR_TYPES.contains(type)) {
            r.error("Value '" + type + "' at 'shardIteratorType' failed to satisfy constraint: Member must satisfy enum value set: "
                    + ITERATOR_TYPES);
        }
        String sequenceNumber = r.string("SequenceNumber");
        if (sequenceNumber != null && !SequenceNumbers.isWellFormed(sequenceNumber)) {
            r.error("Value '" + sequenceNumber + "' at 'sequenceNumber' failed to satisfy constraint: Member must be a decimal number of"
                    + " 21 to 40 digits");
        }
        r.check();
        boolean bySequence = type.endsWith("_SEQUENCE_NUMBER");
        if (bySequence && sequenceNumber == null) {
            throw DynamoDbException.validation("A SequenceNumber is required with ShardIteratorType " + type);
        }
        Instant now = clock.instant();
        Stream stream = stream(arn);
        Shard shard = stream.shard(shardId);
        if (shard == null) {
            throw DynamoDbException.resourceNotFound("Requested resource not found: Shard does not exist");
        }
        long position;
        switch (type) {
            case "TRIM_HORIZON":
                position = Math.max(shard.startingSequence(), shard.trimmedThrough() + 1);
                break;
            case "LATEST":
                position = shard.isClosed() ? shard.endingSequence() + 1 : stream.lastSequence() + 1;
                break;
            default:
                long sequence = SequenceNumbers.parse(sequenceNumber);
                long last = shard.isClosed() ? shard.endingSequence() : stream.lastSequence();
                if (sequence < shard.startingSequence() || sequence > last) {
                    throw DynamoDbException.validation("Invalid SequenceNumber " + sequenceNumber + " for shard " + shardId + " of stream "
                            + arn + ": it is outside the shard's sequence number range");
                }
                if (sequence <= shard.trimmedThrough()) {
                    throw trimmed(sequenceNumber);
                }
                position = "AT_SEQUENCE_NUMBER".equals(type) ? sequence : sequence + 1;
                break;
        }
        String iterator = new ShardIterator(stream.arn(), shard.id(), position, now.toEpochMilli()).encode();
        return write(g -> {
            g.writeStartObject();
            g.writeStringField("ShardIterator", iterator);
            g.writeEndObject();
        });
    }

    private byte[] getRecords(Request r) {
        String text = r.string("ShardIterator");
        if (text == null) {
            r.notNull("shardIterator");
        } else {
            r.length(text, "shardIterator", 1, 2048);
        }
        int limit = r.limit(MAX_RECORDS);
        r.check();
        ShardIterator iterator = ShardIterator.decode(text).orElseThrow(() -> DynamoDbException.validation("Invalid ShardIterator"));
        Instant now = clock.instant();
        long age = now.toEpochMilli() - iterator.issuedMillis();
        long lifetime = store.settings().iteratorLifetime().toMillis();
        if (age > lifetime) {
            throw new DynamoDbException(400, "ExpiredIteratorException", "Iterator expired. The iterator was created at time "
                    + Instant.ofEpochMilli(iterator.issuedMillis()) + " while right now it is " + now
                    + " which is further in the future than the tolerated delay of " + lifetime + " milliseconds.");
        }
        Stream stream = stream(iterator.streamArn());
        Shard shard = stream.shard(iterator.shardId());
        if (shard == null) {
            throw DynamoDbException.resourceNotFound("Invalid ShardId in ShardIterator");
        }
        long position = iterator.position();
        if (position <= shard.trimmedThrough()) {
            throw trimmed(SequenceNumbers.format(position));
        }
        boolean closed = shard.isClosed();
        List<StreamRecord> records = shard.read(position, limit);
        if (position <= shard.trimmedThrough()) {
            throw trimmed(SequenceNumbers.format(position));
        }
        long next = records.isEmpty() ? position : records.get(records.size() - 1).sequence() + 1;
        boolean exhausted = closed && !shard.hasRecordsFrom(next);
        String nextIterator = exhausted ? null : new ShardIterator(stream.arn(), shard.id(), next, now.toEpochMilli()).encode();
        return write(g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("Records");
            for (StreamRecord record : records) {
                writeRecord(g, stream, record);
            }
            g.writeEndArray();
            if (nextIterator != null) {
                g.writeStringField("NextShardIterator", nextIterator);
            }
            g.writeEndObject();
        });
    }

    private static void writeRecord(JsonGenerator g, Stream stream, StreamRecord record) throws IOException {
        g.writeStartObject();
        g.writeStringField("eventID", record.eventId());
        g.writeStringField("eventName", record.eventName());
        g.writeStringField("eventVersion", "1.1");
        g.writeStringField("eventSource", "aws:dynamodb");
        g.writeStringField("awsRegion", stream.region());
        g.writeObjectFieldStart("dynamodb");
        g.writeNumberField("ApproximateCreationDateTime", record.created().getEpochSecond());
        g.writeFieldName("Keys");
        g.writeRawValue(new String(record.keys(), StandardCharsets.UTF_8));
        if (record.newImage() != null) {
            g.writeFieldName("NewImage");
            g.writeRawValue(new String(record.newImage(), StandardCharsets.UTF_8));
        }
        if (record.oldImage() != null) {
            g.writeFieldName("OldImage");
            g.writeRawValue(new String(record.oldImage(), StandardCharsets.UTF_8));
        }
        g.writeStringField("SequenceNumber", SequenceNumbers.format(record.sequence()));
        g.writeNumberField("SizeBytes", record.sizeBytes());
        g.writeStringField("StreamViewType", stream.viewType());
        g.writeEndObject();
        if (record.byTimeToLive()) {
            g.writeObjectFieldStart("userIdentity");
            // the API's member names (Lambda's event shape spells them type and principalId)
            g.writeStringField("Type", "Service");
            g.writeStringField("PrincipalId", "dynamodb.amazonaws.com");
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    private Stream stream(String arn) {
        Stream stream = store.get(arn, clock.instant());
        if (stream == null) {
            throw DynamoDbException.resourceNotFound("Requested resource not found: Stream: " + arn + " not found");
        }
        return stream;
    }

    private static DynamoDbException trimmed(String sequenceNumber) {
        return new DynamoDbException(400, "TrimmedDataAccessException", "The operation attempted to read past the oldest stream record"
                + " in a shard: sequence number " + sequenceNumber + " is older than the stream's retention period");
    }

    /** A generator step that may throw IOException. */
    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private static byte[] write(Body body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            body.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** One request's members with the service's constraint errors, collected and thrown together. */
    private static final class Request {
        private final JsonNode node;
        private final List<String> errors = new ArrayList<>();

        Request(JsonNode node) {
            this.node = node;
        }

        String string(String member) {
            JsonNode v = node.get(member);
            if (v == null || v.isNull()) {
                return null;
            }
            if (!v.isTextual()) {
                throw DynamoDbException.serialization("Unexpected value type in payload");
            }
            return v.textValue();
        }

        String streamArn() {
            String arn = string("StreamArn");
            if (arn == null) {
                notNull("streamArn");
            } else {
                length(arn, "streamArn", 37, 1024);
            }
            return arn;
        }

        int limit(int max) {
            JsonNode v = node.get("Limit");
            if (v == null || v.isNull()) {
                return max;
            }
            if (!v.isIntegralNumber()) {
                throw DynamoDbException.serialization("Unexpected value type in payload");
            }
            long limit = v.longValue();
            if (limit < 1) {
                errors.add("Value '" + limit + "' at 'limit' failed to satisfy constraint: Member must have value greater than or equal"
                        + " to 1");
            } else if (limit > max) {
                errors.add("Value '" + limit + "' at 'limit' failed to satisfy constraint: Member must have value less than or equal to "
                        + max);
            }
            return (int) Math.max(1, Math.min(limit, max));
        }

        void length(String value, String path, int min, int max) {
            if (value.length() < min) {
                errors.add("Value '" + value + "' at '" + path + "' failed to satisfy constraint: Member must have length greater than or"
                        + " equal to " + min);
            } else if (value.length() > max) {
                errors.add("Value '" + value + "' at '" + path + "' failed to satisfy constraint: Member must have length less than or"
                        + " equal to " + max);
            }
        }

        void notNull(String path) {
            errors.add("Value null at '" + path + "' failed to satisfy constraint: Member must not be null");
        }

        void error(String message) {
            errors.add(message);
        }

        void check() {
            if (errors.isEmpty()) {
                return;
            }
            int n = errors.size();
            throw DynamoDbException.validation(n + " validation error" + (n == 1 ? "" : "s") + " detected: " + String.join("; ", errors));
        }
    }
}
