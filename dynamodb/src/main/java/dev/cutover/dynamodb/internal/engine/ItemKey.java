package dev.cutover.dynamodb.internal.engine;

import dev.cutover.dynamodb.internal.value.AttributeValue;
import dev.cutover.dynamodb.internal.value.AttributeValues;
import dev.cutover.dynamodb.internal.value.BinaryValue;
import dev.cutover.dynamodb.internal.value.NumberValue;
import dev.cutover.dynamodb.internal.value.StringValue;
import java.util.Arrays;

/**
 * A primary key, ordered as the engine stores items: by the hash of the partition key (unsigned), then the partition key,
 * then the sort key. Ordering by hash first gives Scan DynamoDB's unordered-looking order and makes parallel-scan segments
 * contiguous, disjoint ranges of the hash space; within one partition items sit in sort-key order for Query.
 *
 * <p>{@code hash == null} is a bound: it sorts before every key with the same {@link #token()}.
 */
record ItemKey(int token, AttributeValue hash, AttributeValue range) implements Comparable<ItemKey> {

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
        c = AttributeValues.compare(hash, o.hash);
        if (c != 0) {
            return c;
        }
        return compareRange(range, o.range);
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
