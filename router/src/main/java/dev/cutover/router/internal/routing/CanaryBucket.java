package dev.cutover.router.internal.routing;

import dev.cutover.config.flags.OperationFlag;

/**
 * The sticky canary bucket of a request: murmur3_32 (x86, seed 0) of the UTF-8 bytes of
 * {@code operationName + ":" + routingKey}, unsigned, modulo {@link #BUCKETS}. A key keeps its bucket
 * forever, so as an operation's canary percent rises a key only ever moves from legacy to new.
 *
 * <p>Murmur3 rather than {@code String.hashCode}: its avalanche spreads similar keys ("order-1",
 * "order-2") evenly over the buckets, and it is a published function other tools can reproduce.
 */
public final class CanaryBucket {
    /** The flags' bucket count (10,000: canary percents with two decimals). */
    public static final int BUCKETS = OperationFlag.BUCKETS;

    private static final int C1 = 0xcc9e2d51;
    private static final int C2 = 0x1b873593;

    private CanaryBucket() {
    }

    /** The bucket, 0 to 9,999, of {@code routingKey} for {@code operationName}. */
    public static int of(String operationName, String routingKey) {
        return (int) (Integer.toUnsignedLong(hash(operationName, routingKey)) % BUCKETS);
    }

    /**
     * The shadow sampling bucket, 0 to 9,999, of one request: the same hash of {@code "shadow:" + requestId}. A request
     * id is unique per request, so a shadow at N% compares about N% of requests, spread over all keys; the same request
     * (a retry with the same id, a test) is always sampled the same way.
     */
    public static int sample(String requestId) {
        return (int) (Integer.toUnsignedLong(hash("shadow", requestId)) % BUCKETS);
    }

    /** murmur3_32 of the UTF-8 encoding of {@code operationName + ":" + routingKey}, without building that string. */
    static int hash(String operationName, String routingKey) {
        Murmur m = new Murmur();
        m.addUtf8(operationName);
        m.addByte(':');
        m.addUtf8(routingKey);
        return m.finish();
    }

    /** murmur3_32 of raw bytes, for the published test vectors. */
    static int hash(byte[] bytes) {
        Murmur m = new Murmur();
        for (byte b : bytes) {
            m.addByte(b & 0xff);
        }
        return m.finish();
    }

    /** Streaming murmur3_32: bytes are gathered into 4-byte little-endian blocks. */
    private static final class Murmur {
        private int h;
        private int block;
        private int blockBytes;
        private int length;

        void addUtf8(String s) {
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c < 0x80) {
                    addByte(c);
                } else if (c < 0x800) {
                    addByte(0xc0 | (c >> 6));
                    addByte(0x80 | (c & 0x3f));
                } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    int cp = Character.toCodePoint(c, s.charAt(++i));
                    addByte(0xf0 | (cp >> 18));
                    addByte(0x80 | ((cp >> 12) & 0x3f));
                    addByte(0x80 | ((cp >> 6) & 0x3f));
                    addByte(0x80 | (cp & 0x3f));
                } else if (Character.isSurrogate(c)) {
                    addByte('?'); // what String.getBytes(UTF_8) writes for a lone surrogate
                } else {
                    addByte(0xe0 | (c >> 12));
                    addByte(0x80 | ((c >> 6) & 0x3f));
                    addByte(0x80 | (c & 0x3f));
                }
            }
        }

        void addByte(int b) {
            block |= (b & 0xff) << (8 * blockBytes);
            length++;
            if (++blockBytes == 4) {
                h ^= mixK(block);
                h = Integer.rotateLeft(h, 13);
                h = h * 5 + 0xe6546b64;
                block = 0;
                blockBytes = 0;
            }
        }

        int finish() {
            if (blockBytes > 0) {
                h ^= mixK(block);
            }
            h ^= length;
            h ^= h >>> 16;
            h *= 0x85ebca6b;
            h ^= h >>> 13;
            h *= 0xc2b2ae35;
            h ^= h >>> 16;
            return h;
        }

        private static int mixK(int k) {
            k *= C1;
            k = Integer.rotateLeft(k, 15);
            return k * C2;
        }
    }
}
