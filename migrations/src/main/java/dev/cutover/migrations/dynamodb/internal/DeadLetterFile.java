package dev.cutover.migrations.dynamodb.internal;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.cutover.migrations.MigrationException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Items that could not be written, one JSON object per line:
 * {@code {"at": "...", "reason": "...", "item": {DynamoDB JSON}}}. Created on the first dead letter only;
 * appended to across resumed runs; forced to disk before every checkpoint save, so a checkpoint never
 * counts a dead letter the file does not have.
 */
public final class DeadLetterFile implements AutoCloseable {
    private final Path file;
    private final LongAdder count = new LongAdder();
    private FileChannel channel;

    public DeadLetterFile(Path file) {
        this.file = file;
    }

    public synchronized void write(Map<String, AttributeValue> item, String reason) {
        StringBuilder line = new StringBuilder(256);
        line.append("{\"at\":\"").append(Instant.now()).append("\",\"reason\":\"");
        JsonStringEncoder.getInstance().quoteAsString(reason, line);
        line.append("\",\"item\":").append(ItemJson.canonical(item)).append("}\n");
        try {
            if (channel == null) {
                Path dir = file.toAbsolutePath().getParent();
                Files.createDirectories(dir);
                channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            }
            ByteBuffer buffer = ByteBuffer.wrap(line.toString().getBytes(StandardCharsets.UTF_8));
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        } catch (IOException e) {
            throw new MigrationException("cannot write the dead-letter file " + file + " (" + e.getMessage()
                    + "); the copy stops rather than lose items: free the disk or pass --dead-letter elsewhere, then run again", e);
        }
        count.increment();
    }

    /** Forces what was written to disk. */
    public synchronized void sync() {
        if (channel == null) {
            return;
        }
        try {
            channel.force(true);
        } catch (IOException e) {
            throw new MigrationException("cannot sync the dead-letter file " + file + " (" + e.getMessage() + ")", e);
        }
    }

    public long count() {
        return count.sum();
    }

    public Path path() {
        return file;
    }

    @Override
    public synchronized void close() {
        if (channel != null) {
            sync();
            try {
                channel.close();
            } catch (IOException e) {
                throw new MigrationException("cannot close the dead-letter file " + file, e);
            }
            channel = null;
        }
    }
}
