package org.swiftft.replication.internal;

import java.io.IOException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * A replay-mode set's one writer, and the hold a resync puts on it: the connected writer is paused
 * (it answers once no operation is in flight), a writer connecting meanwhile waits. One hold at a
 * time (two backups resyncing take turns), so a writer is never asked to pause twice. Its monitor is
 * taken after the set runner's, never before it.
 */
final class SetWriters {

    private final String set;
    private final ReentrantLock resyncTurn = new ReentrantLock();
    private WriterConnection writer;
    private boolean holding;

    SetWriters(String set) {
        this.set = set;
    }

    /**
     * @param refusal why this runtime takes no writer now, or {@code null}; asked once no hold is on
     * @throws IllegalArgumentException with the reason, for the writer
     */
    synchronized void attach(WriterConnection connection, Supplier<String> refusal) {
        while (holding) {
            try {
                wait(); // a backup is being resynced from the directory as it stands
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalArgumentException("interrupted while set " + set + " was resyncing a backup");
            }
        }
        String refused = refusal.get();
        if (refused != null) {
            throw new IllegalArgumentException(refused);
        }
        if (writer != null) {
            throw new IllegalArgumentException("set " + set + " already has a writer (" + writer.who()
                    + "); one process writes a set at a time");
        }
        writer = connection;
    }

    synchronized void detach(WriterConnection connection) {
        if (writer == connection) {
            writer = null;
        }
    }

    /** The writer, no longer the set's (a role change): the caller tells it. */
    synchronized WriterConnection takeAway() {
        WriterConnection taken = writer;
        writer = null;
        return taken;
    }

    /** Holds the writer until the hold is closed, on the thread that took it. */
    PumpConfig.Hold hold() throws IOException, InterruptedException {
        resyncTurn.lockInterruptibly();
        WriterConnection connection;
        synchronized (this) {
            holding = true;
            connection = writer;
        }
        try {
            long token = connection == null ? 0 : connection.pause();
            return () -> {
                try {
                    if (connection != null) {
                        connection.resume(token);
                    }
                } finally {
                    release();
                }
            };
        } catch (IOException | InterruptedException | RuntimeException e) {
            release();
            throw e;
        }
    }

    private void release() {
        synchronized (this) {
            holding = false;
            notifyAll();
        }
        resyncTurn.unlock();
    }
}
