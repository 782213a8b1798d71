package org.swiftft.replication.internal;

import java.io.IOException;
import java.io.SyncFailedException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NotDirectoryException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.swiftft.journal.Journal;
import org.swiftft.journal.JournalException;
import org.swiftft.journal.JournalRecord;
import org.swiftft.libft.replication.wire.Operation;
import org.swiftft.libft.replication.wire.OperationCodec;

/**
 * The backup's replayer thread: applies what the replica log holds durably, in sequence order, to
 * the copy of the directory; at checkpoints fsyncs what it changed, records the applied sequence
 * durably ({@link ReplicaMark}) and truncates the log up to it. A restart resumes after the mark;
 * operations between the mark and the crash are applied again, which replay's idempotence allows,
 * and barriers (rename, rmdir) are checkpointed on both sides so they are never applied twice.
 *
 * <p>An I/O error is reported and retried after a pause (the disk may be full for a while); an
 * fsync error stops the replayer for good ({@link #fatalError()}).
 */
final class ReplicaReplayer {

    private static final long CHECKPOINT_BYTES = 32L << 20;
    private static final long RETRY_MILLIS = 500;
    private static final long CHECKPOINT_MILLIS = 100;
    private static final long CHECKPOINT_NANOS = TimeUnit.MILLISECONDS.toNanos(CHECKPOINT_MILLIS);

    private final ReplicaBackup backup;
    private final BackupConfig config;
    private final Journal log;
    private final Replayer replayer;
    private final Thread thread;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition progress = lock.newCondition();
    private volatile long applied;
    private volatile String fatal;
    private volatile boolean stopped;
    /** Replayer-thread state: last sequence applied since the last checkpoint, and its bytes. */
    private long appliedInBatch;
    private long bytesInBatch;
    private long lastCheckpointNanos = System.nanoTime();

    ReplicaReplayer(ReplicaBackup backup, BackupConfig config, Journal log, ReplicaMark mark) throws IOException {
        this.backup = backup;
        this.config = config;
        this.log = log;
        this.applied = mark.applied();
        this.appliedInBatch = applied;
        if (applied > log.lastSequence() || log.firstSequence() > applied + 1) {
            throw new IOException("set " + config.set() + ": replica mark says " + applied + " applied but the log in "
                    + config.stateDirectory() + " holds " + log.firstSequence() + " to " + log.lastSequence()
                    + "; the state directory was tampered with: resync the set");
        }
        this.replayer = new Replayer(config.directory());
        this.thread = new Thread(this::run, "replication-" + config.set() + "-replayer");
        thread.setDaemon(true);
    }

    void start() {
        if (thread.getState() == Thread.State.NEW) {
            thread.start();
        }
    }

    long applied() {
        return applied;
    }

    String fatalError() {
        return fatal;
    }

    private void run() {
        while (awaitWork()) {
            try {
                replayAvailable();
            } catch (SyncFailedException e) {
                fatal = e.getMessage();
                config.listener().failed("replayer", e.getMessage());
                return;
            } catch (IOException | JournalException e) {
                config.listener().failed("replayer", "replay stopped at operation " + (applied + 1) + ": " + e.getMessage()
                        + "; retrying (free space or fix permissions in " + config.directory() + ")");
                appliedInBatch = applied;
                pause();
            }
        }
    }

    private void replayAvailable() throws IOException, JournalException {
        try {
            log.replay(appliedInBatch + 1, this::applyRecord);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        if (System.nanoTime() - lastCheckpointNanos >= CHECKPOINT_NANOS) {
            checkpoint(appliedInBatch);
        }
    }

    private void applyRecord(JournalRecord record) {
        long sequence = record.sequence();
        String source = "set " + config.set() + " operation " + sequence;
        try {
            Operation operation = OperationCodec.decode(record.payload(), source + " in the replica log");
            boolean barrier = Replayer.isBarrier(operation);
            if (barrier) {
                checkpoint(sequence - 1);
            }
            applyOne(operation, source);
            appliedInBatch = sequence;
            bytesInBatch += operation.dataBytes();
            if (barrier || bytesInBatch >= CHECKPOINT_BYTES) {
                checkpoint(sequence);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A path that escapes through a symlink is refused and skipped; so is an operation the file
     * system refuses for what it is (a directory into itself, a file over a directory): the writer
     * checks for these before sending, so one arriving here failed on the primary too, and retrying
     * it for ever would stop replay. Anything else (a full disk, an I/O error) is retried.
     */
    private void applyOne(Operation operation, String source) throws IOException {
        try {
            replayer.apply(operation, source);
        } catch (PathRefusedException e) {
            backup.countRefusal("replayer", e.getMessage());
        } catch (FileSystemException e) {
            if (!refusedForWhatItIs(e)) {
                throw e;
            }
            config.listener().failed("replayer", source + " (" + operation.getClass().getSimpleName() + " of "
                    + operation.path() + ") is skipped: the file system refuses it (" + e.getMessage()
                    + "), as it refused the primary; run replication:verify on the primary to compare the copies");
        }
    }

    private static boolean refusedForWhatItIs(FileSystemException e) {
        if (e instanceof NotDirectoryException || e instanceof DirectoryNotEmptyException
                || e instanceof FileAlreadyExistsException) {
            return true;
        }
        String reason = String.valueOf(e.getReason());
        return reason.equals("Invalid argument") || reason.equals("Not a directory") || reason.equals("Is a directory")
                || reason.equals("Directory not empty") || reason.equals("File exists")
                || reason.equals("File name too long") || reason.equals("Too many levels of symbolic links");
    }

    private void checkpoint(long sequence) throws IOException {
        if (sequence <= applied) {
            return;
        }
        replayer.syncTouched();
        backup.markApplied(sequence);
        bytesInBatch = 0;
        lastCheckpointNanos = System.nanoTime();
        lock.lock();
        try {
            applied = sequence;
            progress.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            log.truncate(sequence);
        } catch (JournalException e) {
            config.listener().failed("replayer", "truncating the replica log: " + e.getMessage());
        }
    }

    /**
     * Until new records are durable, or the checkpoint of what was applied since the last one is due:
     * checkpoints (an fsync of every touched file and of the mark) come at most every
     * {@value #CHECKPOINT_MILLIS} ms, not after every batch, so that a stream of small operations
     * does not cost the backup's disk several fsyncs each; a crash re-applies what followed the last
     * one, which replay's idempotence allows.
     */
    private boolean awaitWork() {
        lock.lock();
        try {
            while (!stopped && log.lastDurableSequence() <= appliedInBatch) {
                if (appliedInBatch > applied) {
                    long left = lastCheckpointNanos + CHECKPOINT_NANOS - System.nanoTime();
                    if (left <= 0) {
                        return true; // replayAvailable finds nothing new and checkpoints
                    }
                    progress.awaitNanos(left);
                } else {
                    progress.await();
                }
            }
            return !stopped;
        } catch (InterruptedException e) {
            return false;
        } finally {
            lock.unlock();
        }
    }

    private void pause() {
        lock.lock();
        try {
            if (!stopped) {
                progress.await(RETRY_MILLIS, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            stopped = true;
        } finally {
            lock.unlock();
        }
    }

    /** New durable records: called from the journal's writer thread, so it only signals. */
    void wake() {
        lock.lock();
        try {
            progress.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Waits (up to a second) for replay to move on, so a full log has room again; false once stopped. */
    boolean awaitRoom() {
        lock.lock();
        try {
            if (!stopped) {
                progress.await(1, TimeUnit.SECONDS);
            }
            return !stopped;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }

    boolean awaitApplied(long sequence, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            long left;
            while (applied < sequence && (left = deadline - System.nanoTime()) > 0) {
                progress.awaitNanos(left);
            }
            return applied >= sequence;
        } finally {
            lock.unlock();
        }
    }

    void stop() {
        lock.lock();
        try {
            stopped = true;
            progress.signalAll();
        } finally {
            lock.unlock();
        }
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
