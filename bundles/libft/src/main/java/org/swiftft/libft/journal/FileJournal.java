package org.swiftft.libft.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

import org.swiftft.journal.Durability;
import org.swiftft.journal.Journal;
import org.swiftft.journal.JournalDTO;
import org.swiftft.journal.JournalException;
import org.swiftft.journal.JournalException.Reason;
import org.swiftft.journal.JournalOptions;
import org.swiftft.journal.JournalRecord;

/**
 * A {@link Journal} in segment files: appenders go through the {@link AppendQueue}, one
 * {@link JournalWriter} thread writes and fsyncs, replays read the files on the caller's thread.
 */
final class FileJournal implements Journal {

    private final SegmentFiles files;
    private final JournalOptions options;
    private final AppendQueue queue;
    private final Thread writerThread;
    private final JournalLock lock;
    private final Object truncation = new Object();

    FileJournal(SegmentFiles files, JournalOptions options, SegmentRecovery.Recovered recovered, JournalLock lock) {
        this.files = files;
        this.options = options;
        this.lock = lock;
        this.queue = new AppendQueue(files.journal(), options, recovered);
        // A daemon, so an application that forgets close() can still exit; what it acknowledged is durable anyway
        // (except under PERIODIC, which is what PERIODIC means).
        this.writerThread = new Thread(new JournalWriter(queue, files, options, recovered),
                "journal-" + files.journal() + "-writer");
        writerThread.setDaemon(true);
        writerThread.start();
    }

    @Override
    public String name() {
        return files.journal();
    }

    @Override
    public Durability durability() {
        return options.durability();
    }

    @Override
    public long append(ByteBuffer event) throws JournalException {
        return await(queue.append(event));
    }

    @Override
    public CompletionStage<Long> appendAsync(ByteBuffer event) {
        return queue.append(event);
    }

    @Override
    public long sync() throws JournalException {
        return await(queue.sync());
    }

    /** Waits without giving up: once queued, an append's outcome belongs to the caller. */
    private static long await(CompletableFuture<Long> outcome) throws JournalException {
        try {
            return outcome.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof JournalException cause) {
                // A fresh exception, so the trace shows this caller; the writer's is the cause.
                throw new JournalException(cause.reason(), cause.getMessage(), cause.file(), cause.offset(), cause);
            }
            throw e;
        }
    }

    /** Where the last replay stopped; replays run on callers' threads, the newest one wins. */
    private volatile JournalReplay.Resume lastReplay;

    @Override
    public long replay(long fromSequence, Consumer<JournalRecord> consumer) throws JournalException {
        if (fromSequence < 1) {
            throw new IllegalArgumentException("journal " + name() + ": sequences start at 1, not " + fromSequence);
        }
        if (queue.closing()) {
            throw closed();
        }
        // Acknowledged first: every segment holding an acknowledged record is in the list read after it.
        long upTo = queue.lastAcknowledged();
        List<Segment> segments = queue.segments();
        // Resumed where the last replay stopped when it goes on from there: a follower (a backup's
        // replayer) replaying each new batch does not read its segment from the start every time.
        JournalReplay replay = new JournalReplay(files, segments, upTo, lastReplay);
        long last = replay.replay(fromSequence, consumer);
        if (replay.end() != null) {
            lastReplay = replay.end();
        }
        return last;
    }

    @Override
    public void truncate(long upToSequence) throws JournalException {
        synchronized (truncation) {
            List<Segment> detached = queue.detachUpTo(upToSequence);
            if (detached.isEmpty()) {
                return;
            }
            // Oldest first, so that a crash half-way leaves a contiguous journal.
            for (Segment segment : detached) {
                try {
                    files.storage().delete(segment.file());
                } catch (IOException e) {
                    throw JournalErrors.io(name(), "deleting", segment.file(), -1, e, false);
                }
            }
            try {
                files.storage().syncDirectory(files.directory());
            } catch (IOException e) {
                throw JournalErrors.io(name(), "fsync of directory", files.directory(), -1, e, true);
            }
        }
    }

    @Override
    public long firstSequence() {
        return queue.segments().get(0).firstSequence();
    }

    @Override
    public long lastSequence() {
        return queue.lastSequence();
    }

    @Override
    public long lastDurableSequence() {
        return queue.lastDurable();
    }

    @Override
    public JournalDTO info() {
        List<Segment> segments = queue.segments();
        JournalException failure = queue.failure();
        JournalDTO dto = new JournalDTO();
        dto.name = name();
        dto.directory = files.directory().toAbsolutePath().toString();
        dto.durability = durability();
        dto.firstSequence = segments.get(0).firstSequence();
        dto.lastSequence = queue.lastSequence();
        dto.lastDurableSequence = queue.lastDurable();
        dto.sizeBytes = queue.assignedBytes();
        dto.sizeCapBytes = options.sizeCapBytes();
        dto.segments = segments.size();
        dto.failure = failure == null ? null : failure.getMessage();
        return dto;
    }

    /**
     * Pending appends are written first. Throws if the journal failed while acknowledged records
     * were not yet durable (possible under PERIODIC only): they may be lost.
     */
    @Override
    public void close() throws JournalException {
        if (!queue.close()) {
            return;
        }
        boolean interrupted = false;
        while (writerThread.isAlive()) {
            try {
                writerThread.join();
            } catch (InterruptedException e) {
                interrupted = true; // the files must be released before returning
            }
        }
        lock.close();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        JournalException failure = queue.failure();
        if (failure != null && queue.lastAcknowledged() > queue.lastDurable()) {
            throw new JournalException(failure.reason(), "journal " + name() + " closed after a failure; records "
                    + (queue.lastDurable() + 1) + " to " + queue.lastAcknowledged()
                    + " were acknowledged but may not be durable: " + failure.getMessage(),
                    failure.file(), failure.offset(), failure);
        }
    }

    private JournalException closed() {
        return new JournalException(Reason.CLOSED, "journal " + name() + " is closed");
    }

    @Override
    public String toString() {
        return "journal " + name() + " in " + files.directory();
    }
}
