package dev.cutover.router.internal.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.config.Side;
import dev.cutover.config.flags.OperationFlag;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CanaryBucketTest {

    @Test
    void hash_publishedMurmur3Vectors_match() {
        assertThat(CanaryBucket.hash(new byte[0])).isZero();
        assertThat(CanaryBucket.hash("hello".getBytes(StandardCharsets.UTF_8))).isEqualTo(0x248bfa47);
        assertThat(CanaryBucket.hash("The quick brown fox jumps over the lazy dog".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(0x2e4ff723);
    }

    @Test
    void hash_operationAndKey_equalsHashOfJoinedUtf8Bytes() {
        for (String key : new String[] {"order-1", "ü-é-ß", "日本語", "emoji-\uD83D\uDE00", "a"}) {
            byte[] joined = ("getItem:" + key).getBytes(StandardCharsets.UTF_8);
            assertThat(CanaryBucket.hash("getItem", key)).as(key).isEqualTo(CanaryBucket.hash(joined));
        }
    }

    @Test
    void of_sameKey_alwaysSameBucket() {
        assertThat(CanaryBucket.of("getItem", "item-42")).isEqualTo(CanaryBucket.of("getItem", "item-42"))
                .isBetween(0, CanaryBucket.BUCKETS - 1);
    }

    @Test
    void sideFor_canaryPercents_shareOfNewWithinTwoPointsOver10000Keys() {
        for (double percent : new double[] {1, 5, 10, 25, 50, 90}) {
            OperationFlag flag = new OperationFlag(Side.LEGACY, percent, false, false);
            int onNew = 0;
            for (int i = 0; i < 10_000; i++) {
                if (flag.sideFor(CanaryBucket.of("getItem", "item-" + i)) == Side.NEW) {
                    onNew++;
                }
            }
            assertThat(onNew / 100.0).as("share of new at %s%%", percent).isCloseTo(percent, org.assertj.core.data.Offset.offset(2.0));
        }
    }

    @Test
    void sideFor_risingPercent_keysOnlyMoveTowardsNew() {
        for (int i = 0; i < 2_000; i++) {
            int bucket = CanaryBucket.of("createOrder", "customer-" + i);
            boolean wasNew = false;
            for (int percent = 0; percent <= 100; percent += 5) {
                boolean isNew = new OperationFlag(Side.LEGACY, percent, false, false).sideFor(bucket) == Side.NEW;
                assertThat(!wasNew || isNew).as("key %d went back to legacy at %d%%", i, percent).isTrue();
                wasNew = isNew;
            }
            assertThat(wasNew).isTrue();
        }
    }

    @Test
    void of_differentOperations_spreadKeysIndependently() {
        int same = 0;
        for (int i = 0; i < 1_000; i++) {
            if (CanaryBucket.of("getItem", "k" + i) / 1000 == CanaryBucket.of("listOwnerItems", "k" + i) / 1000) {
                same++;
            }
        }
        // Independent tenths agree about 10% of the time; the same hash for both would agree always.
        assertThat(same).isLessThan(200);
    }
}
