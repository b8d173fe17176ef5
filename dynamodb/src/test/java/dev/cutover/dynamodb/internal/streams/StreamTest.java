package dev.cutover.dynamodb.internal.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.dynamodb.internal.value.AttributeValue;
import dev.cutover.dynamodb.internal.value.StringValue;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class StreamTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final String TABLE = "arn:aws:dynamodb:us-east-1:111111111111:table/orders";

    private static Stream stream(StreamSettings settings) {
        return new StreamStore(settings).open(TABLE, "orders", "2026-01-01T00:00:00.000", "NEW_AND_OLD_IMAGES",
                List.of(new Stream.KeyElement("pk", "HASH")), T0);
    }

    private static Map<String, AttributeValue> item(String pk, String v) {
        return Map.of("pk", new StringValue(pk), "v", new StringValue(v));
    }

    private static List<StreamRecord> all(Stream stream) {
        List<StreamRecord> records = new ArrayList<>();
        for (Shard shard : stream.shards()) {
            records.addAll(shard.read(0, Integer.MAX_VALUE));
        }
        return records;
    }

    @Test
    void format_counter_is21DigitsAndParsesBack() {
        String text = SequenceNumbers.format(42);

        assertThat(text).hasSize(21).isEqualTo("100000000000000000042");
        assertThat(SequenceNumbers.parse(text)).isEqualTo(42);
        assertThat(SequenceNumbers.parse("9".repeat(21))).isEqualTo(-1);
        assertThat(SequenceNumbers.isWellFormed("12x")).isFalse();
        assertThat(SequenceNumbers.isWellFormed("1".repeat(40))).isTrue();
        assertThat(SequenceNumbers.format(2).compareTo(SequenceNumbers.format(10))).isNegative();
    }

    @Test
    void encode_iterator_decodesBackAndExposesItsStreamArn() {
        ShardIterator iterator = new ShardIterator(TABLE + "/stream/L", "shardId-00000000000000000001-1234abcd", 7, 99);

        String text = iterator.encode();

        assertThat(ShardIterator.decode(text)).contains(iterator);
        assertThat(ShardIterator.streamArnOf(text)).contains(TABLE + "/stream/L");
        assertThat(ShardIterator.decode("garbage")).isEmpty();
        assertThat(ShardIterator.decode(TABLE + "/stream/L|1|!!!")).isEmpty();
    }

    @Test
    void capture_insertModifyRemoveAndNoChange_recordsThreeEvents() {
        Stream stream = stream(StreamSettings.defaults());
        Map<String, AttributeValue> keys = Map.of("pk", new StringValue("a"));

        stream.capture(keys, null, item("a", "1"), false, T0);
        stream.capture(keys, item("a", "1"), item("a", "2"), false, T0);
        stream.capture(keys, item("a", "2"), item("a", "2"), false, T0);
        stream.capture(keys, item("a", "2"), null, true, T0);
        stream.capture(keys, null, null, false, T0);

        assertThat(all(stream)).extracting(StreamRecord::eventName).containsExactly("INSERT", "MODIFY", "REMOVE");
        assertThat(all(stream)).extracting(StreamRecord::byTimeToLive).containsExactly(false, false, true);
    }

    @Test
    void append_whenRolloverRecordsReached_opensChildNamingItsParent() {
        Stream stream = stream(new StreamSettings(Duration.ofHours(24), 2, Duration.ZERO, Duration.ofMinutes(15)));
        for (int i = 0; i < 5; i++) {
            stream.capture(Map.of("pk", new StringValue("k" + i)), null, item("k" + i, "v"), false, T0);
        }

        List<Shard> shards = stream.shards();

        assertThat(shards).hasSize(3);
        assertThat(shards.get(1).parentId()).isEqualTo(shards.get(0).id());
        assertThat(shards.get(2).parentId()).isEqualTo(shards.get(1).id());
        assertThat(shards.get(0).isClosed()).isTrue();
        assertThat(shards.get(1).startingSequence()).isGreaterThan(shards.get(0).endingSequence());
        assertThat(shards.get(2).isClosed()).isFalse();
        assertThat(all(stream)).hasSize(5);
    }

    @Test
    void append_fromManyThreads_givesStrictlyIncreasingSequenceNumbersInShardOrder() throws Exception {
        Stream stream = stream(new StreamSettings(Duration.ofHours(24), 100, Duration.ZERO, Duration.ofMinutes(15)));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 500; i++) {
                        String pk = "t" + thread + "-" + i;
                        stream.capture(Map.of("pk", new StringValue(pk)), null, item(pk, "v"), false, T0);
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }

        List<Long> sequence = all(stream).stream().map(StreamRecord::sequence).toList();

        assertThat(sequence).hasSize(2000).isSorted().doesNotHaveDuplicates();
        assertThat(stream.shards()).hasSize(20);
    }

    @Test
    void trim_pastRetention_dropsRecordsAndThenClosedStream() {
        Stream stream = stream(new StreamSettings(Duration.ofHours(1), 0, Duration.ZERO, Duration.ofMinutes(15)));
        stream.capture(Map.of("pk", new StringValue("a")), null, item("a", "1"), false, T0);
        stream.disable(T0.plusSeconds(60));

        assertThat(stream.trim(T0.plus(Duration.ofMinutes(59)))).isFalse();
        assertThat(all(stream)).hasSize(1);
        assertThat(stream.trim(T0.plus(Duration.ofMinutes(61)))).isFalse();
        assertThat(all(stream)).isEmpty();
        assertThat(stream.shards().get(0).trimmedThrough()).isPositive();
        assertThat(stream.trim(T0.plus(Duration.ofMinutes(62)))).isTrue();
    }

    @Test
    void settings_whenRetentionNotPositive_namesTheSetting() {
        assertThatThrownBy(() -> new StreamSettings(Duration.ZERO, 0, Duration.ZERO, Duration.ofMinutes(15)))
                .hasMessage("streamRetention must be positive, but was PT0S");
    }
}
