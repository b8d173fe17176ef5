package dev.cutover.dynamodb.internal.engine;

import dev.cutover.dynamodb.DynamoDbException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The append-only log of a data directory, with group commit: callers append records (one JSON line each) under their
 * item's lock, so the log keeps per-key order; a flusher thread writes what has piled up and fsyncs it in one go; a
 * request is answered only once every record it appended is on disk ({@link #awaitDurable}). One fsync thus covers all
 * the requests that arrived while the previous one ran.
 */
final class Journal implements AutoCloseable {

    private final FileChannel channel;
    private final Path file;
    private final Object appendLock = new Object();
    private final Object durableLock = new Object();
    private final Thread flusher;
    private ByteArrayOutputStream pending = new ByteArrayOutputStream(64 * 1024);
    private long appended;
    private long durable;
    private volatile IOException failure;
    private volatile boolean closed;

    Journal(Path file) throws IOException {
        this.file = file;
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        this.flusher = new Thread(this::flushLoop, "dynamodb-journal");
        flusher.setDaemon(true);
        flusher.start();
    }

    /** Appends one record (a JSON document without newline); returns its sequence number for {@link #awaitDurable}. */
    long append(byte[] record) {
        synchronized (appendLock) {
            pending.write(record, 0, record.length);
            pending.write('\n');
            appended++;
            appendLock.notifyAll();
            return appended;
        }
    }

    /** Blocks until record {@code seq} and all before it are fsynced; a failed write becomes a 500 for the caller. */
    void awaitDurable(long seq) {
        synchronized (durableLock) {
            while (durable < seq) {
                if (failure != null) {
                    throw new DynamoDbException(500, "InternalServerError",
                            "The sandbox could not write its data directory (" + file + "): " + failure.getMessage());
                }
                try {
                    durableLock.wait(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new DynamoDbException(500, "InternalServerError", "Interrupted while writing the data directory");
                }
            }
        }
    }

    private void flushLoop() {
        while (true) {
            ByteArrayOutputStream batch;
            long upTo;
            synchronized (appendLock) {
                while (pending.size() == 0 && !closed) {
                    try {
                        appendLock.wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (pending.size() == 0) {
                    return;
                }
                batch = pending;
                upTo = appended;
                pending = new ByteArrayOutputStream(Math.max(64 * 1024, batch.size()));
            }
            try {
                ByteBuffer buffer = ByteBuffer.wrap(batch.toByteArray());
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(false);
            } catch (IOException e) {
                failure = e;
            }
            synchronized (durableLock) {
                if (failure == null) {
                    durable = upTo;
                }
                durableLock.notifyAll();
            }
            if (failure != null) {
                return;
            }
        }
    }

    /** Flushes what is pending, then closes the file. */
    @Override
    public void close() throws IOException {
        synchronized (appendLock) {
            closed = true;
            appendLock.notifyAll();
        }
        try {
            flusher.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        channel.close();
    }
}
