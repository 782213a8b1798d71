package org.swiftft.demo;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The counters, durable: recovered from the directory on open, and every change logged and forced
 * before it is applied and acknowledged. Every {@code checkpointEvery} changes a snapshot replaces the
 * journal, which keeps recovery short.
 *
 * <p><b>Threading:</b> changes are serialized by one lock (one force at a time); reads take no lock
 * and see acknowledged changes only.
 *
 * <p><b>Failure behaviour:</b> a change whose record cannot be forced is not applied and not
 * acknowledged, but its record may be in the file; the store then refuses every later change
 * ({@link StoreFailedException}) and tells {@code onFailure} once, since memory and files may now
 * disagree. Nothing acknowledged is lost: recovery replays every forced record.
 */
final class CounterStore implements AutoCloseable {

    /** A change was refused because the store can no longer make changes durable. */
    static final class StoreFailedException extends IOException {
        StoreFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** What an acknowledged change did. */
    record Added(String key, long total, long seq) {
    }

    private final CounterFiles files;
    private final CounterJournal journal;
    private final CounterState state;
    private final long checkpointEvery;
    private final Consumer<IOException> onFailure;
    private final ReentrantLock lock = new ReentrantLock();
    private long sinceSnapshot;
    private IOException failure;

    private CounterStore(CounterFiles files, CounterJournal journal, CounterRecovery recovery, long checkpointEvery,
            Consumer<IOException> onFailure) {
        this.files = files;
        this.journal = journal;
        this.state = recovery.state();
        this.checkpointEvery = checkpointEvery;
        this.onFailure = onFailure;
        this.sinceSnapshot = recovery.replayed();
    }

    /**
     * Recovers from {@code files}' directory, cuts a torn journal tail and drops a half-written
     * snapshot (both through {@code files}, so that the backups do the same), and opens the journal.
     *
     * @param report told one line about what recovery found
     * @throws IOException when the files cannot be read back into counters (see {@link CounterRecovery#read})
     */
    static CounterStore open(CounterFiles files, long checkpointEvery, Consumer<IOException> onFailure,
            Consumer<String> report) throws IOException {
        CounterRecovery recovery = CounterRecovery.read(files.directory());
        files.deleteIfExists(CounterRecovery.SNAPSHOT_TEMPORARY); // never renamed: its change is in the journal
        FileChannel channel = files.channel(CounterRecovery.JOURNAL, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        CounterJournal journal = new CounterJournal(channel);
        try {
            if (journal.size() > recovery.validBytes()) {
                // never acknowledged, since its force did not return: cut it before anything is appended after it
                report.accept("cut a torn journal tail: " + (journal.size() - recovery.validBytes()) + " bytes after byte "
                        + recovery.validBytes());
                journal.cut(recovery.validBytes());
            }
        } catch (IOException | RuntimeException e) {
            journal.close();
            throw e;
        }
        report.accept("recovered seq " + recovery.state().seq() + ": snapshot at " + recovery.snapshotSeq() + ", "
                + recovery.replayed() + " journal records replayed");
        return new CounterStore(files, journal, recovery, checkpointEvery, onFailure);
    }

    long seq() {
        return state.seq();
    }

    long total(String key) {
        return state.total(key);
    }

    /**
     * Adds {@code delta} to {@code key}; returns once the change is durable (acknowledged by the
     * backups at the set's level) and applied.
     *
     * @throws ArithmeticException  when the total would overflow; nothing is logged
     * @throws StoreFailedException when the change could not be made durable, now or before
     */
    Added add(String key, long delta) throws IOException {
        lock.lock();
        try {
            if (failure != null) {
                throw new StoreFailedException("changes can no longer be made durable (" + failure.getMessage() + ")", failure);
            }
            state.totalAfter(key, delta); // overflow refused before the record exists
            CounterJournal.Change change = new CounterJournal.Change(state.seq() + 1, key, delta);
            try {
                journal.append(change);
            } catch (IOException e) {
                throw fail(e);
            }
            long total = state.apply(change.seq(), key, delta);
            if (++sinceSnapshot >= checkpointEvery) {
                try {
                    snapshot();
                } catch (IOException e) {
                    fail(e); // this change is in the forced journal: acknowledged all the same
                }
            }
            return new Added(key, total, change.seq());
        } finally {
            lock.unlock();
        }
    }

    /**
     * Writes a snapshot now and empties the journal; returns the snapshot's seq.
     *
     * @throws IOException when it could not; the journal still holds every change, and the store refuses changes
     */
    long checkpoint() throws IOException {
        lock.lock();
        try {
            if (failure != null) {
                throw new StoreFailedException("no checkpoint: changes can no longer be made durable ("
                        + failure.getMessage() + ")", failure);
            }
            try {
                snapshot();
            } catch (IOException e) {
                throw fail(e);
            }
            return state.seq();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Temporary file, forced, renamed over the snapshot, then the journal cut: killed anywhere in
     * between, recovery finds either the old snapshot and the whole journal, or the new one and
     * records it already holds (skipped by seq).
     */
    private void snapshot() throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(CounterSnapshot.encode(state.seq(), state.totals()));
        try (FileChannel temporary = files.channel(CounterRecovery.SNAPSHOT_TEMPORARY, StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            while (bytes.hasRemaining()) {
                temporary.write(bytes);
            }
            temporary.force(false);
        }
        files.replace(CounterRecovery.SNAPSHOT_TEMPORARY, CounterRecovery.SNAPSHOT);
        journal.cut(0);
        sinceSnapshot = 0;
    }

    private StoreFailedException fail(IOException e) {
        boolean first = failure == null;
        failure = e;
        if (first) {
            onFailure.accept(e);
        }
        return new StoreFailedException("the change was not acknowledged (" + e.getMessage() + ")", e);
    }

    /** Waits for a change in progress, then closes the journal and the files. */
    @Override
    public void close() {
        lock.lock();
        try {
            journal.close();
        } catch (IOException e) {
            // every acknowledged change is forced already: closing loses nothing
        } finally {
            files.close();
            lock.unlock();
        }
    }
}
