package dev.cutover.dynamodb.internal.value;

import java.util.Arrays;
import java.util.Base64;

/** B: bytes, sent base64 on the wire; compared unsigned byte by byte as DynamoDB sorts binaries. */
public final class BinaryValue implements AttributeValue, Comparable<BinaryValue> {

    private final byte[] bytes;

    public BinaryValue(byte[] bytes) {
        this.bytes = bytes.clone();
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    public int length() {
        return bytes.length;
    }

    public byte byteAt(int i) {
        return bytes[i];
    }

    public String base64() {
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** True when this value starts with {@code prefix}. */
    public boolean startsWith(BinaryValue prefix) {
        return prefix.bytes.length <= bytes.length && Arrays.equals(bytes, 0, prefix.bytes.length, prefix.bytes, 0, prefix.bytes.length);
    }

    /** True when {@code part} occurs anywhere in this value. */
    public boolean contains(BinaryValue part) {
        outer:
        for (int i = 0; i + part.bytes.length <= bytes.length; i++) {
            for (int j = 0; j < part.bytes.length; j++) {
                if (bytes[i + j] != part.bytes[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    @Override
    public String type() {
        return "B";
    }

    @Override
    public long size() {
        return bytes.length;
    }

    @Override
    public int compareTo(BinaryValue other) {
        return Arrays.compareUnsigned(bytes, other.bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BinaryValue b && Arrays.equals(bytes, b.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "B:" + base64();
    }
}
