package dev.cutover.migrations.dynamodb;

import dev.cutover.migrations.CheckpointException;
import dev.cutover.migrations.dynamodb.internal.Checkpoint;
import dev.cutover.migrations.dynamodb.internal.CheckpointStore;
import dev.cutover.migrations.dynamodb.internal.DynamoDbCheckpointStore;
import dev.cutover.migrations.dynamodb.internal.FileCheckpointStore;
import dev.cutover.migrations.dynamodb.internal.SegmentTableCheckpointStore;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Reads a copy's {@link CopyStatus} from wherever its checkpoint is; writes nothing. */
public final class CopyStatusReader {
    private CopyStatusReader() {
    }

    /**
     * From a checkpoint table: the per-segment items of a job run by workers, else the single item of a
     * one-process job.
     */
    public static CopyStatus fromTable(DynamoDbClient target, String checkpointTable, String sourceTable, String targetTable,
            OptionalLong sourceItemCount) {
        String jobId = sourceTable + "->" + targetTable;
        CheckpointStore workers = SegmentTableCheckpointStore.reader(target, checkpointTable, jobId);
        Optional<Checkpoint> found = workers.load();
        CheckpointStore store = workers;
        if (found.isEmpty()) {
            store = new DynamoDbCheckpointStore(target, checkpointTable, jobId);
            found = store.load();
        }
        return of(store, found, sourceItemCount);
    }

    /** From a checkpoint file. */
    public static CopyStatus fromFile(Path file, OptionalLong sourceItemCount) {
        CheckpointStore store = new FileCheckpointStore(file);
        return of(store, store.load(), sourceItemCount);
    }

    private static CopyStatus of(CheckpointStore store, Optional<Checkpoint> found, OptionalLong sourceItemCount) {
        Checkpoint c = found.orElseThrow(() -> new CheckpointException(store.describe(), "does not exist: the copy has not started "
                + "(or it uses another checkpoint: give the same --checkpoint or --checkpoint-table as the copy)"));
        int done = 0;
        int inProgress = 0;
        long inDone = 0;
        for (Checkpoint.Segment s : c.segments()) {
            String state = SegmentTableCheckpointStore.state(s);
            if (SegmentTableCheckpointStore.DONE.equals(state)) {
                done++;
                inDone += s.counts().scanned();
            } else if (SegmentTableCheckpointStore.IN_PROGRESS.equals(state)) {
                inProgress++;
            }
        }
        Checkpoint.Counts t = c.totals();
        return CopyStatus.of(c.job().sourceTable(), c.job().targetTable(), store.describe(), c.segments().size(), done, inProgress,
                t.scanned(), inDone, t.written(), t.deadLettered(), sourceItemCount, c.startedAt(), c.updatedAt());
    }
}
