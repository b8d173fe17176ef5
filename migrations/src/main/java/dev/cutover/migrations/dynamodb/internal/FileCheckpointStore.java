package dev.cutover.migrations.dynamodb.internal;

import dev.cutover.migrations.CheckpointException;
import dev.cutover.migrations.internal.DurableFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** A checkpoint file, replaced atomically on every save (temp file, fsync, rename, fsync of the directory). */
public final class FileCheckpointStore implements CheckpointStore {
    private final Path file;

    public FileCheckpointStore(Path file) {
        this.file = file;
    }

    @Override
    public Optional<Checkpoint> load() {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new CheckpointException(describe(), "cannot be read (" + e.getMessage() + ")", e);
        }
        try {
            return Optional.of(Checkpoint.fromJson(bytes));
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(describe(), "is corrupt: " + e.getMessage()
                    + ". Nothing was written. Move it away to start the copy from the beginning (items already copied are "
                    + "written again), or restore it from a backup to resume");
        }
    }

    @Override
    public void save(Checkpoint checkpoint) {
        try {
            DurableFiles.writeAtomically(file, checkpoint.toJson());
        } catch (IOException e) {
            throw new CheckpointException(describe(), "cannot be written (" + e.getMessage() + ")", e);
        }
    }

    @Override
    public String describe() {
        return file.toString();
    }
}
