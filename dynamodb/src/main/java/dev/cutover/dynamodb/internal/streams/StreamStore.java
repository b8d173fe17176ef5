package dev.cutover.dynamodb.internal.streams;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Every stream of every account and region, by stream ARN (which names both). A stream outlives its enabling: once
 * disabled, or once its table is deleted, it stays readable until its records pass the retention period, then goes.
 */
public final class StreamStore {

    private static final DateTimeFormatter LABEL = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS");

    private final StreamSettings settings;
    private final ConcurrentSkipListMap<String, Stream> streams = new ConcurrentSkipListMap<>();

    public StreamStore(StreamSettings settings) {
        this.settings = settings;
    }

    public StreamSettings settings() {
        return settings;
    }

    /**
     * Opens a new stream for a table.
     *
     * @param tableArn the table's ARN ({@code arn:aws:dynamodb:REGION:ACCOUNT:table/NAME})
     * @param label the wanted label (a timestamp); moved on by a millisecond while another stream of the table has it
     */
    public Stream open(String tableArn, String tableName, String label, String viewType, List<Stream.KeyElement> keySchema,
            Instant now) {
        String region = tableArn.split(":", 6)[3];
        String candidate = label;
        while (true) {
            String arn = tableArn + "/stream/" + candidate;
            Stream stream = new Stream(arn, tableName, candidate, viewType, region, keySchema, now, settings);
            if (streams.putIfAbsent(arn, stream) == null) {
                return stream;
            }
            candidate = nextLabel(candidate);
        }
    }

    /** Closes a stream (disabled, or its table deleted). */
    public void disable(Stream stream, Instant now) {
        stream.disable(now);
    }

    /** Whether the stream exists (enabled, or disabled and still within retention); a resource policy may be attached to it. */
    public boolean exists(String arn, Instant now) {
        return get(arn, now) != null;
    }

    /** The stream, or null when there is none (never was, or expired). */
    Stream get(String arn, Instant now) {
        Stream stream = streams.get(arn);
        if (stream != null && stream.trim(now)) {
            streams.remove(arn, stream);
            return null;
        }
        return stream;
    }

    /** The live streams whose ARN starts with {@code prefix}, after {@code exclusiveStart} if given, in ARN order. */
    List<Stream> list(String prefix, String exclusiveStart, Instant now) {
        List<Stream> result = new ArrayList<>();
        String from = exclusiveStart != null && exclusiveStart.compareTo(prefix) > 0 ? exclusiveStart : prefix;
        boolean inclusive = !from.equals(exclusiveStart);
        for (Stream stream : streams.tailMap(from, inclusive).values()) {
            if (!stream.arn().startsWith(prefix)) {
                break;
            }
            if (stream.trim(now)) {
                streams.remove(stream.arn(), stream);
                continue;
            }
            result.add(stream);
        }
        return result;
    }

    /** The label one millisecond on ({@code yyyy-MM-ddTHH:mm:ss.SSS}). */
    static String nextLabel(String label) {
        try {
            return LocalDateTime.parse(label).plusNanos(1_000_000).format(LABEL);
        } catch (DateTimeParseException e) {
            return label + "0";
        }
    }
}
