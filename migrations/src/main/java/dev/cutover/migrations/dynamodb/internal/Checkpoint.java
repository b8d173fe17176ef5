package dev.cutover.migrations.dynamodb.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cutover.migrations.internal.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The durable progress of one copy job: which job it is, and for every scan segment the key to
 * continue after (LastEvaluatedKey) with the counts up to there. A segment's key only advances once
 * every item of the page before it is written or dead-lettered, so resuming from any saved
 * checkpoint repeats at most one page per segment (idempotent: the same items again).
 *
 * <p>Serialized as JSON with a SHA-256 of its content, so a damaged or hand-edited file is refused.
 */
public record Checkpoint(Job job, List<Segment> segments, Instant startedAt, Instant updatedAt) {
    public static final int FORMAT = 1;

    public Checkpoint {
        segments = List.copyOf(segments);
        if (segments.size() != job.totalSegments()) {
            throw new IllegalArgumentException("checkpoint has " + segments.size() + " segments but the job has " + job.totalSegments());
        }
    }

    /** What must be the same for a checkpoint to be resumed. */
    public record Job(String sourceTable, String targetTable, String mode, String versionAttribute, int totalSegments, String transform) {
        public Job {
            Objects.requireNonNull(sourceTable, "sourceTable");
            Objects.requireNonNull(targetTable, "targetTable");
            Objects.requireNonNull(mode, "mode");
            versionAttribute = versionAttribute == null ? "" : versionAttribute;
            transform = transform == null ? "identity" : transform;
        }

        /** Id of the job in a checkpoint table. */
        public String id() {
            return sourceTable + "->" + targetTable;
        }
    }

    /** One scan segment: where to continue (null: from the start, unless done) and what it counted so far. */
    public record Segment(int segment, Map<String, AttributeValue> lastEvaluatedKey, boolean done, Counts counts) {
        public Segment {
            lastEvaluatedKey = lastEvaluatedKey == null ? null : Map.copyOf(lastEvaluatedKey);
        }

        public static Segment fresh(int segment) {
            return new Segment(segment, null, false, Counts.ZERO);
        }
    }

    /** Counters of a segment; summed into the report. */
    public record Counts(long scanned, long written, long skipped, long filtered, long deadLettered, long unprocessedRetries) {
        public static final Counts ZERO = new Counts(0, 0, 0, 0, 0, 0);

        public Counts plus(Counts o) {
            return new Counts(scanned + o.scanned, written + o.written, skipped + o.skipped, filtered + o.filtered,
                    deadLettered + o.deadLettered, unprocessedRetries + o.unprocessedRetries);
        }
    }

    public static Checkpoint fresh(Job job, Instant now) {
        List<Segment> segments = new ArrayList<>();
        for (int i = 0; i < job.totalSegments(); i++) {
            segments.add(Segment.fresh(i));
        }
        return new Checkpoint(job, segments, now, now);
    }

    public boolean isComplete() {
        return segments.stream().allMatch(Segment::done);
    }

    public Counts totals() {
        Counts total = Counts.ZERO;
        for (Segment s : segments) {
            total = total.plus(s.counts());
        }
        return total;
    }

    public Checkpoint with(Segment segment, Instant now) {
        List<Segment> copy = new ArrayList<>(segments);
        copy.set(segment.segment(), segment);
        return new Checkpoint(job, copy, startedAt, now);
    }

    public byte[] toJson() {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("format", FORMAT);
        ObjectNode j = body.putObject("job");
        j.put("sourceTable", job.sourceTable());
        j.put("targetTable", job.targetTable());
        j.put("mode", job.mode());
        j.put("versionAttribute", job.versionAttribute());
        j.put("totalSegments", job.totalSegments());
        j.put("transform", job.transform());
        body.put("startedAt", startedAt.toString());
        body.put("updatedAt", updatedAt.toString());
        ArrayNode array = body.putArray("segments");
        for (Segment s : segments) {
            ObjectNode n = array.addObject();
            n.put("segment", s.segment());
            n.put("done", s.done());
            if (s.lastEvaluatedKey() != null) {
                n.set("lastEvaluatedKey", parse(ItemJson.canonical(s.lastEvaluatedKey())));
            } else {
                n.putNull("lastEvaluatedKey");
            }
            Counts c = s.counts();
            n.put("scanned", c.scanned());
            n.put("written", c.written());
            n.put("skipped", c.skipped());
            n.put("filtered", c.filtered());
            n.put("deadLettered", c.deadLettered());
            n.put("unprocessedRetries", c.unprocessedRetries());
        }
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("sha256", sha256(compact(body)));
        root.set("checkpoint", body);
        try {
            return Json.MAPPER.writeValueAsBytes(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize checkpoint", e);
        }
    }

    /** Parses and checks a checkpoint; IllegalArgumentException names what is wrong. */
    public static Checkpoint fromJson(byte[] bytes) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(bytes);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("not valid JSON (" + e.getOriginalMessage() + ")");
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("unreadable (" + e.getMessage() + ")");
        }
        if (root == null || !root.isObject() || !root.has("checkpoint") || !root.has("sha256")) {
            throw new IllegalArgumentException("not a cutover checkpoint (no 'checkpoint' and 'sha256' fields)");
        }
        JsonNode body = root.get("checkpoint");
        if (!sha256(compact(body)).equals(root.get("sha256").asText())) {
            throw new IllegalArgumentException("content does not match its SHA-256: the file was damaged or edited");
        }
        if (body.path("format").asInt() != FORMAT) {
            throw new IllegalArgumentException("format " + body.path("format") + " is not supported (expected " + FORMAT + ")");
        }
        try {
            JsonNode j = body.get("job");
            Job job = new Job(text(j, "sourceTable"), text(j, "targetTable"), text(j, "mode"), j.path("versionAttribute").asText(""),
                    j.get("totalSegments").asInt(), j.path("transform").asText("identity"));
            List<Segment> segments = new ArrayList<>();
            for (JsonNode n : body.get("segments")) {
                JsonNode lek = n.get("lastEvaluatedKey");
                Counts counts = new Counts(n.get("scanned").asLong(), n.get("written").asLong(), n.get("skipped").asLong(),
                        n.get("filtered").asLong(), n.get("deadLettered").asLong(), n.get("unprocessedRetries").asLong());
                int index = n.get("segment").asInt();
                if (index != segments.size()) {
                    throw new IllegalArgumentException("segment " + index + " is out of order");
                }
                Map<String, AttributeValue> key = lek == null || lek.isNull() ? null : ItemJson.parseItem(lek);
                segments.add(new Segment(index, key, n.get("done").asBoolean(), counts));
            }
            return new Checkpoint(job, segments, Instant.parse(text(body, "startedAt")), Instant.parse(text(body, "updatedAt")));
        } catch (NullPointerException | java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("a required field is missing or malformed (" + e.getMessage() + ")");
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("field '" + field + "' is missing");
        }
        return v.asText();
    }

    private static JsonNode parse(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] compact(JsonNode node) {
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
