package dev.cutover.dynamodb.internal.value;

import java.nio.charset.StandardCharsets;

/** S: a UTF-8 string; compared by its UTF-8 bytes, unsigned, as DynamoDB sorts strings. */
public record StringValue(String value) implements AttributeValue, Comparable<StringValue> {

    public StringValue {
        java.util.Objects.requireNonNull(value, "value");
    }

    @Override
    public String type() {
        return "S";
    }

    @Override
    public long size() {
        return utf8Length(value);
    }

    @Override
    public int compareTo(StringValue other) {
        return compareUtf8(value, other.value);
    }

    /** Orders strings by their UTF-8 encoding, byte by byte unsigned (not by UTF-16 code unit as String does). */
    public static int compareUtf8(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                boolean xs = Character.isSurrogate(x);
                boolean ys = Character.isSurrogate(y);
                if (xs == ys) {
                    return Character.compare(x, y);
                }
                // a surrogate pair encodes a code point above U+FFFF: in UTF-8 it sorts after every BMP char
                // except none; BMP chars above the surrogate range (U+E000..U+FFFF) sort before it.
                return xs ? 1 : -1;
            }
        }
        return Integer.compare(a.length(), b.length());
    }

    /** The length of {@code s} in UTF-8 bytes, without encoding it. */
    public static int utf8Length(String s) {
        int length = 0;
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                length++;
            } else if (c < 0x800) {
                length += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                length += 4;
                i++;
            } else {
                length += 3;
            }
        }
        return length;
    }

    public byte[] utf8() {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
