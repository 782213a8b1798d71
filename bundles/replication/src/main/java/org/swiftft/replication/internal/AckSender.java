package org.swiftft.replication.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Sends a backup session's acknowledgements from a thread of its own, so the receiver and the
 * journal's writer (which completes durability) never block on the socket. Acknowledgements are
 * coalesced: one ACK frame carries the latest received, durable and applied sequences. An ACK is
 * also sent every {@link #KEEPALIVE_MILLIS} when nothing changes, so the primary can tell a silent
 * link from a dead one.
 */
final class AckSender {

    static final long KEEPALIVE_MILLIS = 1_000;

    private final BackupSession session;
    private final long epoch;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Thread thread;
    private long received;
    private long durable;
    private long applied;
    private boolean dirty = true;
    private boolean stopped;

    AckSender(BackupSession session, long epoch, long held, long applied) {
        this.session = session;
        this.epoch = epoch;
        this.received = held;
        this.durable = held;
        this.applied = applied;
        this.thread = new Thread(this::run, "replication-ack-" + session.peer());
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    void received(long sequence) {
        update(sequence, -1, -1);
    }

    void durable(long sequence) {
        update(-1, sequence, -1);
    }

    void applied(long sequence) {
        update(-1, -1, sequence);
    }

    /** After a RESET: the log holds exactly up to {@code sequence}, which may be below what was acknowledged. */
    void reset(long sequence) {
        lock.lock();
        try {
            received = sequence;
            durable = sequence;
            applied = sequence;
            dirty = true;
            changed.signal();
        } finally {
            lock.unlock();
        }
    }

    private void update(long newReceived, long newDurable, long newApplied) {
        lock.lock();
        try {
            received = Math.max(received, newReceived);
            durable = Math.max(durable, newDurable);
            applied = Math.max(applied, newApplied);
            dirty = true;
            changed.signal();
        } finally {
            lock.unlock();
        }
    }

    void stop() {
        lock.lock();
        try {
            stopped = true;
            changed.signal();
        } finally {
            lock.unlock();
        }
    }

    private void run() {
        try {
            while (true) {
                Frame ack = next();
                if (ack == null) {
                    return;
                }
                session.send(ack);
            }
        } catch (IOException e) {
            session.close(); // the receiver sees the closed socket and ends the session
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Frame next() throws InterruptedException {
        lock.lock();
        try {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(KEEPALIVE_MILLIS);
            long left;
            while (!dirty && !stopped && (left = deadline - System.nanoTime()) > 0) {
                changed.awaitNanos(left);
            }
            if (stopped) {
                return null;
            }
            dirty = false;
            ByteBuffer payload = ByteBuffer.allocate(16).putLong(durable).putLong(applied);
            return new Frame(FrameType.ACK, epoch, received, payload.array());
        } finally {
            lock.unlock();
        }
    }
}
