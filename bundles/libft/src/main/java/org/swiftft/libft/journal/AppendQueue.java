package org.swiftft.libft.journal;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.swiftft.journal.Durability;
import org.swiftft.journal.JournalException;
import org.swiftft.journal.JournalException.Reason;
import org.swiftft.journal.JournalOptions;

/**
 * Where appenders meet the writer. Under one lock it assigns sequences in call order, decides
 * which segment each record goes to, enforces the size cap, and hands batches to the single
 * writer thread; it also holds the list of segment files and the journal's failure. Callers never
 * wait here for I/O: the lock is held for a copy into a list, never across a write or an fsync.
 */
final class AppendQueue {

    private final String journal;
    private final JournalOptions options;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();

    private ArrayList<PendingAppend> pending = new ArrayList<>();
    private ArrayList<CompletableFuture<Long>> syncs = new ArrayList<>();
    /** Segment files, oldest first; the last is the one the writer writes. */
    private final ArrayList<Segment> segments;
    private long lastSequence;
    /** Bytes of all segment files once every queued record is written. */
    private long assignedBytes;
    private long activeAssignedBytes;
    private boolean activeHasRecords;
    private int lastBatchSize = 1;
    private boolean closing;
    private JournalException failure;

    private volatile long lastAcknowledged;
    private volatile long lastDurable;

    AppendQueue(String journal, JournalOptions options, SegmentRecovery.Recovered recovered) {
        this.journal = journal;
        this.options = options;
        this.segments = new ArrayList<>(recovered.segments());
        this.lastSequence = recovered.lastSequence();
        this.lastAcknowledged = lastSequence;
        this.lastDurable = lastSequence;
        for (Segment segment : segments) {
            assignedBytes += segment.bytes();
        }
        this.activeAssignedBytes = recovered.activeBytes();
        this.activeHasRecords = recovered.activeBytes() > JournalFormat.HEADER_BYTES;
    }

    // ---- appenders ----

    CompletableFuture<Long> append(ByteBuffer event) {
        int length = event.remaining();
        if (length > options.maxRecordBytes()) {
            return CompletableFuture.failedFuture(new JournalException(Reason.TOO_LARGE, "journal " + journal
                    + ": an event of " + length + " bytes exceeds the maximum record size of "
                    + options.maxRecordBytes() + " bytes; split it or raise maxRecordBytes"));
        }
        byte[] payload = new byte[length];
        event.duplicate().get(payload);
        long time = System.currentTimeMillis();
        long frame = JournalFormat.FRAME_BYTES + (long) length;
        lock.lock();
        try {
            JournalException refused = refusal();
            if (refused != null) {
                return CompletableFuture.failedFuture(refused);
            }
            // A record never straddles segments; one larger than a segment gets a segment of its own.
            boolean roll = activeHasRecords && activeAssignedBytes + frame > options.segmentBytes();
            long needed = frame + (roll ? JournalFormat.HEADER_BYTES : 0);
            if (assignedBytes + needed > options.sizeCapBytes()) {
                return CompletableFuture.failedFuture(new JournalException(Reason.FULL, "journal " + journal
                        + " is full: " + assignedBytes + " bytes held, cap " + options.sizeCapBytes()
                        + " bytes; truncate what a checkpoint covers, or raise sizeCapBytes"));
            }
            assignedBytes += needed;
            activeAssignedBytes = roll ? JournalFormat.HEADER_BYTES + frame : activeAssignedBytes + frame;
            activeHasRecords = true;
            PendingAppend append = new PendingAppend(++lastSequence, time, payload, roll, System.nanoTime());
            pending.add(append);
            work.signal();
            return append.acknowledged;
        } finally {
            lock.unlock();
        }
    }

    /** Completes with the last durable sequence once everything appended before the call is fsync'd. */
    CompletableFuture<Long> sync() {
        lock.lock();
        try {
            JournalException refused = refusal();
            if (refused != null) {
                return CompletableFuture.failedFuture(refused);
            }
            CompletableFuture<Long> done = new CompletableFuture<>();
            syncs.add(done);
            work.signal();
            return done;
        } finally {
            lock.unlock();
        }
    }

    private JournalException refusal() {
        if (failure != null) {
            return JournalErrors.refused(failure);
        }
        if (closing) {
            return new JournalException(Reason.CLOSED, "journal " + journal + " is closed");
        }
        return null;
    }

    /** Detaches the segments wholly at or before {@code upTo}, never the one being written. */
    List<Segment> detachUpTo(long upTo) throws JournalException {
        lock.lock();
        try {
            if (closing) {
                throw new JournalException(Reason.CLOSED, "journal " + journal + " is closed");
            }
            if (upTo > lastSequence) {
                throw new IllegalArgumentException("journal " + journal + ": cannot truncate up to " + upTo
                        + ", beyond the last sequence " + lastSequence);
            }
            List<Segment> detached = new ArrayList<>();
            while (segments.size() > 1 && segments.get(1).firstSequence() <= upTo + 1) {
                Segment gone = segments.remove(0);
                assignedBytes -= gone.bytes();
                detached.add(gone);
            }
            return detached;
        } finally {
            lock.unlock();
        }
    }

    /** Starts closing: later calls are refused, the writer drains what is queued and stops. */
    boolean close() {
        lock.lock();
        try {
            boolean first = !closing;
            closing = true;
            work.signal();
            return first;
        } finally {
            lock.unlock();
        }
    }

    // ---- the writer ----

    /**
     * Waits for work and moves it into the writer's lists. Under group commit, the first appender
     * of a batch waits up to the commit window for others; when the last batch had several, the
     * wait ends as soon as as many have come (steady concurrent load then pays no idle window).
     *
     * @param waitNanos how long to wait for work, or negative for as long as it takes
     * @return false once closing and nothing is left
     */
    boolean take(List<PendingAppend> appends, List<CompletableFuture<Long>> syncRequests, long waitNanos)
            throws InterruptedException {
        lock.lock();
        try {
            long left = waitNanos;
            while (pending.isEmpty() && syncs.isEmpty() && !closing && (waitNanos < 0 || left > 0)) {
                left = waitNanos < 0 ? awaitWork() : work.awaitNanos(left);
            }
            long window = TimeUnit.MICROSECONDS.toNanos(options.commitWindowMicros());
            if (options.durability() == Durability.GROUP_COMMIT && window > 0 && !pending.isEmpty()) {
                long deadline = pending.get(0).queuedNanos + window;
                int enough = lastBatchSize > 1 ? lastBatchSize : Integer.MAX_VALUE;
                long remaining;
                while (pending.size() < enough && syncs.isEmpty() && !closing
                        && (remaining = deadline - System.nanoTime()) > 0) {
                    work.awaitNanos(remaining);
                }
            }
            boolean more = !(closing && pending.isEmpty() && syncs.isEmpty());
            if (!pending.isEmpty()) {
                lastBatchSize = pending.size();
            }
            appends.addAll(pending);
            syncRequests.addAll(syncs);
            pending.clear();
            syncs.clear();
            return more;
        } finally {
            lock.unlock();
        }
    }

    private long awaitWork() throws InterruptedException {
        work.await();
        return -1;
    }

    /** The writer started a new segment: the previous one is complete at {@code closedBytes}. */
    void segmentStarted(long closedBytes, Segment started) {
        lock.lock();
        try {
            Segment closed = segments.remove(segments.size() - 1);
            segments.add(new Segment(closed.file(), closed.firstSequence(), closedBytes));
            segments.add(started);
        } finally {
            lock.unlock();
        }
    }

    void acknowledge(PendingAppend append) {
        lastAcknowledged = append.sequence;
        append.acknowledged.complete(append.sequence);
    }

    void durableUpTo(long sequence) {
        lastDurable = sequence;
    }

    /**
     * The journal failed: the batch in hand, everything queued and everything later fails. Only the
     * first failure is kept; it is what reopening must deal with.
     */
    void fail(JournalException cause, List<PendingAppend> inHand, List<CompletableFuture<Long>> syncsInHand) {
        List<PendingAppend> queued;
        List<CompletableFuture<Long>> queuedSyncs;
        lock.lock();
        try {
            if (failure == null) {
                failure = cause;
            }
            queued = pending;
            queuedSyncs = syncs;
            pending = new ArrayList<>();
            syncs = new ArrayList<>();
        } finally {
            lock.unlock();
        }
        for (PendingAppend append : inHand) {
            append.acknowledged.completeExceptionally(cause);
        }
        syncsInHand.forEach(s -> s.completeExceptionally(cause));
        for (PendingAppend append : queued) {
            append.acknowledged.completeExceptionally(cause);
        }
        queuedSyncs.forEach(s -> s.completeExceptionally(cause));
    }

    // ---- state ----

    JournalException failure() {
        lock.lock();
        try {
            return failure;
        } finally {
            lock.unlock();
        }
    }

    boolean closing() {
        lock.lock();
        try {
            return closing;
        } finally {
            lock.unlock();
        }
    }

    List<Segment> segments() {
        lock.lock();
        try {
            return List.copyOf(segments);
        } finally {
            lock.unlock();
        }
    }

    long lastSequence() {
        lock.lock();
        try {
            return lastSequence;
        } finally {
            lock.unlock();
        }
    }

    long assignedBytes() {
        lock.lock();
        try {
            return assignedBytes;
        } finally {
            lock.unlock();
        }
    }

    long lastAcknowledged() {
        return lastAcknowledged;
    }

    long lastDurable() {
        return lastDurable;
    }
}
