package dev.cutover.dynamodb.internal.engine;

import dev.cutover.dynamodb.internal.value.AttributeValue;
import dev.cutover.dynamodb.internal.value.AttributeValues;
import dev.cutover.dynamodb.internal.value.BinaryValue;
import dev.cutover.dynamodb.internal.value.NumberValue;
import dev.cutover.dynamodb.internal.value.StringValue;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Objects;

/**
 * A primary key, ordered as the engine stores items: by the hash of the partition key (unsigned), then the partition key,
 * then the sort key. Ordering by hash first gives Scan DynamoDB's unordered-looking order and makes parallel-scan segments
 * contiguous, disjoint ranges of the hash space; within one partition items sit in sort-key order for Query.
 *
 * <p>{@code hash == null} is a bound: it sorts before every key with the same {@link #token()}.
 */
final class ItemKey implements Comparable<ItemKey> {

    /** {@link #rangeLong} when the sort key is not a number that fits a long (no 18-digit integer reaches it). */
    private static final long NOT_A_LONG = Long.MIN_VALUE;

    private final int token;
    private final AttributeValue hash;
    private final AttributeValue range;
    /**
     * A numeric sort key as a long when it is an integer of at most 18 digits, else {@link #NOT_A_LONG}. Skip-list inserts
     * compare many keys of the same partition; comparing this field spares two dereferences (value, BigDecimal) per compare,
     * which profiling showed as the engine's largest cost under BatchWriteItem.
     */
    private final long rangeLong;

    ItemKey(int token, AttributeValue hash, AttributeValue range) {
        this.token = token;
        this.hash = hash;
        this.range = range;
        this.rangeLong = asLong(range);
    }

    private static long asLong(AttributeValue range) {
        if (range instanceof NumberValue n) {
            BigDecimal v = n.value();
            if (v.scale() <= 0 && v.precision() - v.scale() <= 18) {
                return v.longValueExact();
            }
        }
        return NOT_A_LONG;
    }

    int token() {
        return token;
    }

    AttributeValue hash() {
        return hash;
    }

    AttributeValue range() {
        return range;
    }

    static ItemKey of(AttributeValue hash, AttributeValue range) {
        return new ItemKey(tokenOf(hash), hash, range);
    }

    /** The lowest possible key at {@code token}. */
    static ItemKey lowest(int token) {
        return new ItemKey(token, null, null);
    }

    /** Partition key bytes hashed and mixed (murmur3's finaliser) so that similar keys spread over the whole token range. */
    static int tokenOf(AttributeValue hash) {
        int h;
        if (hash instanceof StringValue s) {
            h = s.value().hashCode();
        } else if (hash instanceof NumberValue n) {
            h = n.text().hashCode() * 31 + 7;
        } else if (hash instanceof BinaryValue b) {
            h = Arrays.hashCode(b.bytes()) * 17 + 3;
        } else {
            h = hash.hashCode();
        }
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }

    @Override
    public int compareTo(ItemKey o) {
        int c = Integer.compareUnsigned(token, o.token);
        if (c != 0) {
            return c;
        }
        if (hash == null || o.hash == null) {
            return hash == null ? (o.hash == null ? 0 : -1) : 1;
        }
        if (hash instanceof StringValue a && o.hash instanceof StringValue b) {
            // equal partition keys are the common case under the same token: String.equals is an intrinsic
            if (!a.value().equals(b.value())) {
                return a.compareTo(b);
            }
        } else {
            c = AttributeValues.compare(hash, o.hash);
            if (c != 0) {
                return c;
            }
        }
        if (rangeLong != NOT_A_LONG && o.rangeLong != NOT_A_LONG) {
            return Long.compare(rangeLong, o.rangeLong);
        }
        return compareRange(range, o.range);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ItemKey k && token == k.token && Objects.equals(hash, k.hash) && Objects.equals(range, k.range);
    }

    @Override
    public int hashCode() {
        return Objects.hash(token, hash, range);
    }

    @Override
    public String toString() {
        return "ItemKey[" + hash + (range == null ? "" : ", " + range) + "]";
    }

    /** null (no sort key, or a partition's lower bound) first. */
    static int compareRange(AttributeValue a, AttributeValue b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : -1) : 1;
        }
        if (a == Bound.MAX || b == Bound.MAX) {
            return a == b ? 0 : (a == Bound.MAX ? 1 : -1);
        }
        return AttributeValues.compare(a, b);
    }

    /** A partition's upper bound: sorts after every sort key. */
    static final class Bound {
        static final AttributeValue MAX = new StringValue("\uffff\uffff\uffff-upper-bound-sentinel");

        private Bound() {
        }
    }
}
