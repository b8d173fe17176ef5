package dev.cutover.dynamodb.internal.streams;

/**
 * A stream's sequence numbers: a per-stream counter rendered as a 21-digit decimal string ({@code "1"} then the counter
 * zero-padded to 20 digits), so they sort the same as numbers and as strings and look like the service's (21 to 40
 * digits).
 */
final class SequenceNumbers {

    static final int DIGITS = 21;
    private static final int COUNTER_DIGITS = DIGITS - 1;

    private SequenceNumbers() {
    }

    static String format(long counter) {
        if (counter < 0) {
            throw new IllegalArgumentException("sequence counter must not be negative, but was " + counter);
        }
        String digits = Long.toString(counter);
        return "1" + "0".repeat(COUNTER_DIGITS - digits.length()) + digits;
    }

    /** True for what the API accepts as a sequence number: 21 to 40 decimal digits. */
    static boolean isWellFormed(String text) {
        if (text == null || text.length() < DIGITS || text.length() > 40) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** The counter of a sequence number this engine issued, or -1 when {@code text} is not one of ours. */
    static long parse(String text) {
        if (!isWellFormed(text) || text.length() != DIGITS || text.charAt(0) != '1') {
            return -1;
        }
        try {
            return Long.parseLong(text.substring(1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
