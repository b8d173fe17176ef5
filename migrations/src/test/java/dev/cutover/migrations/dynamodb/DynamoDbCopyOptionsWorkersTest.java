package dev.cutover.migrations.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.migrations.cli.DurationConverter;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The worker options are checked when built: each error names the option and the range it allows. */
class DynamoDbCopyOptionsWorkersTest {

    private static DynamoDbCopyOptions.Builder base() {
        return DynamoDbCopyOptions.builder().sourceTable("legacy-items").targetTable("items").checkpointTable("checkpoints");
    }

    @Test
    void build_whenWorkersIsZero_namesTheOptionAndMinimum() {
        assertThatThrownBy(() -> base().workers(0).workerIndex(0).build()).hasMessage("--workers must be at least 1, but was 0");
    }

    @Test
    void build_whenWorkerIndexIsOutOfRange_namesTheOptionAndRange() {
        assertThatThrownBy(() -> base().workers(4).workerIndex(4).build())
                .hasMessage("--worker-index must be between 0 and 3 (--workers 4), but was 4");
        assertThatThrownBy(() -> base().workers(4).workerIndex(-1).build())
                .hasMessage("--worker-index must be between 0 and 3 (--workers 4), but was -1");
    }

    @Test
    void build_whenWorkersLackIndexOrCheckpointTable_saysWhatIsMissing() {
        assertThatThrownBy(() -> base().workers(2).build()).hasMessageContaining("--workers needs --worker-index (0 to 1");
        assertThatThrownBy(() -> base().workerIndex(1).build()).hasMessageContaining("--worker-index needs --workers");
        assertThatThrownBy(() -> DynamoDbCopyOptions.builder().sourceTable("a").targetTable("b").workers(2).workerIndex(0).build())
                .hasMessageContaining("--workers needs --checkpoint-table");
    }

    @Test
    void build_whenSegmentsAreFewerThanWorkers_namesBoth() {
        assertThatThrownBy(() -> base().workers(4).workerIndex(0).segments(3).build())
                .hasMessage("--segments must be at least --workers (4) so that every worker has a segment, but was 3");
    }

    @Test
    void owns_withThreeWorkers_givesEachSegmentToExactlyOneWorker() {
        for (int segment = 0; segment < 10; segment++) {
            int owners = 0;
            for (int w = 0; w < 3; w++) {
                owners += base().workers(3).workerIndex(w).build().owns(segment) ? 1 : 0;
            }
            assertThat(owners).as("owners of segment " + segment).isEqualTo(1);
        }
        assertThat(base().workers(3).workerIndex(1).build().owns(4)).isTrue();
        assertThat(base().build().owns(4)).as("without workers a run owns every segment").isTrue();
    }

    @Test
    void build_whenStopAfterIsNotPositive_refusesIt() {
        assertThatThrownBy(() -> base().stopAfter(Duration.ZERO).build()).hasMessageContaining("--stop-after must be positive");
    }

    @Test
    void parse_withUnitsOrIso_readsDurations() {
        assertThat(DurationConverter.parse("10m")).isEqualTo(Duration.ofMinutes(10));
        assertThat(DurationConverter.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(DurationConverter.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(DurationConverter.parse("PT90S")).isEqualTo(Duration.ofSeconds(90));
        assertThatThrownBy(() -> DurationConverter.parse("10 minutes")).hasMessageContaining("write e.g. 500ms, 90s, 10m");
        assertThatThrownBy(() -> DurationConverter.parse("m")).hasMessageContaining("is not a duration");
    }
}
