package dev.cutover.dynamodb.internal.streams;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * A position in a shard, handed out as an opaque string shaped like the service's: the stream ARN, {@code |1|}, then a
 * base64 blob (shard id, next sequence number to read, when it was issued). The ARN in clear lets the edge authorise
 * GetRecords on the stream without asking the engine; the engine reads the stream named there, so editing the ARN gains
 * nothing.
 *
 * @param position the counter of the next sequence number to read
 * @param issuedMillis when the iterator was handed out (epoch milliseconds); it expires {@link StreamSettings#iteratorLifetime()} on
 */
record ShardIterator(String streamArn, String shardId, long position, long issuedMillis) {

    private static final String SEPARATOR = "|1|";

    String encode() {
        String blob = shardId + "|" + position + "|" + issuedMillis;
        return streamArn + SEPARATOR + Base64.getUrlEncoder().withoutPadding().encodeToString(blob.getBytes(StandardCharsets.UTF_8));
    }

    /** The iterator {@code text} encodes, or empty when it is not one this engine issued. */
    static Optional<ShardIterator> decode(String text) {
        Optional<String> arn = streamArnOf(text);
        if (arn.isEmpty()) {
            return Optional.empty();
        }
        try {
            byte[] blob = Base64.getUrlDecoder().decode(text.substring(arn.get().length() + SEPARATOR.length()));
            String[] parts = new String(blob, StandardCharsets.UTF_8).split("\\|", -1);
            if (parts.length != 3 || !parts[0].startsWith("shardId-")) {
                return Optional.empty();
            }
            return Optional.of(new ShardIterator(arn.get(), parts[0], Long.parseLong(parts[1]), Long.parseLong(parts[2])));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The stream ARN at the head of an iterator, or empty when {@code text} is not shaped like one. */
    static Optional<String> streamArnOf(String text) {
        if (text == null) {
            return Optional.empty();
        }
        int at = text.indexOf(SEPARATOR);
        if (at <= 0 || !text.startsWith("arn:") || !text.substring(0, at).contains("/stream/")) {
            return Optional.empty();
        }
        return Optional.of(text.substring(0, at));
    }
}
