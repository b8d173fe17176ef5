package dev.cutover.migrations.dynamodb;

import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Changes an item on its way from the source table to the target table. Implementations must be
 * pure and thread-safe: the copy calls them from many threads, and {@code verify} calls the same
 * transform on source items before comparing them to the target.
 *
 * <p>Load a custom one with {@code --transform com.example.MyTransform} (a public class with a public
 * no-argument constructor on the classpath).
 */
@FunctionalInterface
public interface ItemTransform {

    /** The item to write, or {@code null} to leave this item out of the target (counted as filtered). */
    Map<String, AttributeValue> apply(Map<String, AttributeValue> item);

    /**
     * What the target key attribute name is for a source key attribute name: the copy compares the key
     * schemas through this. Default: unchanged.
     */
    default String targetAttributeName(String sourceAttributeName) {
        return sourceAttributeName;
    }

    /** Names this transform in checkpoints: resuming with a different transform is refused. */
    default String describe() {
        return getClass().getName();
    }

    static ItemTransform identity() {
        return Identity.INSTANCE;
    }

    default ItemTransform andThen(ItemTransform next) {
        ItemTransform first = this;
        if (next == Identity.INSTANCE) {
            return this;
        }
        if (first == Identity.INSTANCE) {
            return next;
        }
        return new ItemTransform() {
            @Override
            public Map<String, AttributeValue> apply(Map<String, AttributeValue> item) {
                Map<String, AttributeValue> once = first.apply(item);
                return once == null ? null : next.apply(once);
            }

            @Override
            public String targetAttributeName(String sourceAttributeName) {
                String once = first.targetAttributeName(sourceAttributeName);
                return once == null ? null : next.targetAttributeName(once);
            }

            @Override
            public String describe() {
                return first.describe() + " then " + next.describe();
            }
        };
    }

    /** The transform that changes nothing. */
    final class Identity implements ItemTransform {
        static final Identity INSTANCE = new Identity();

        private Identity() {
        }

        @Override
        public Map<String, AttributeValue> apply(Map<String, AttributeValue> item) {
            return item;
        }

        @Override
        public String describe() {
            return "identity";
        }
    }
}
