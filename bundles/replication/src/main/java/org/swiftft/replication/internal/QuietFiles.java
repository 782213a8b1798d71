package org.swiftft.replication.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Paths that changed and when they last did, until they have been quiet for the quiet interval:
 * copy mode ships a file only then, so that a file being written is not shipped half-written
 * again and again. A change is an event from the watcher or, when the path is checked again just
 * before shipping, a stamp (size, mtime, ctime, inode) that differs from the last one seen.
 *
 * <p>Thread-safe: the watcher thread reports, the shipper thread takes.
 */
final class QuietFiles {

    /** A path due for shipping and the stamp last seen for it ({@code null}: missing). */
    record Due(String path, FileStamp stamp) {
    }

    private record Pending(FileStamp stamp, long changedNanos) {
    }

    private final long quietNanos;
    private final LongSupplier clock;
    private final Map<String, Pending> pending = new HashMap<>();
    private int taken;
    private boolean recheck;

    /** @param clock nanoseconds, as {@link System#nanoTime()}; injectable for tests */
    QuietFiles(Duration quiet, LongSupplier clock) {
        this.quietNanos = quiet.toNanos();
        this.clock = clock;
    }

    /** {@code path} changed now; its stamp now is {@code stamp} ({@code null}: missing). */
    synchronized void changed(String path, FileStamp stamp) {
        pending.put(path, new Pending(stamp, clock.getAsLong()));
        notifyAll();
    }

    /** Paths quiet for the interval now, sorted so that a directory comes before what it holds; removed. */
    synchronized List<Due> takeDue() {
        long now = clock.getAsLong();
        List<Due> due = new ArrayList<>();
        for (Iterator<Map.Entry<String, Pending>> i = pending.entrySet().iterator(); i.hasNext();) {
            Map.Entry<String, Pending> e = i.next();
            if (now - e.getValue().changedNanos >= quietNanos) {
                due.add(new Due(e.getKey(), e.getValue().stamp));
                i.remove();
            }
        }
        due.sort((a, b) -> a.path.compareTo(b.path)); // a parent is a prefix of its children: it sorts first
        taken += due.isEmpty() ? 0 : 1;
        return due;
    }

    /**
     * Waits until some paths are due, then takes them as {@link #takeDue} does; returns early, maybe
     * with none, when a recheck is requested. Call {@link #done} once the paths are handled, so that
     * {@link #awaitIdle} knows.
     */
    synchronized List<Due> awaitDue() throws InterruptedException {
        while (true) {
            List<Due> due = takeDue();
            if (!due.isEmpty() || recheck) {
                return due;
            }
            long wait = TimeUnit.NANOSECONDS.toMillis(untilNextDue()) + 1;
            wait(pending.isEmpty() ? 0 : wait);
        }
    }

    private long untilNextDue() {
        long now = clock.getAsLong();
        long next = Long.MAX_VALUE;
        for (Pending p : pending.values()) {
            next = Math.min(next, p.changedNanos + quietNanos - now);
        }
        return Math.max(0, next);
    }

    /** Events were lost: every path shipped is to be checked again (by the shipper, which knows them). */
    synchronized void requestRecheck() {
        recheck = true;
        notifyAll();
    }

    /** Whether a recheck was requested since the last call; if so, call {@link #done} once it is queued. */
    synchronized boolean takeRecheck() {
        boolean requested = recheck;
        recheck = false;
        taken += requested ? 1 : 0;
        return requested;
    }

    /** The paths last taken are handled (shipped or put back). */
    synchronized void done() {
        taken = Math.max(0, taken - 1);
        notifyAll();
    }

    /** Waits until nothing is pending or being shipped; false on timeout. */
    synchronized boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!pending.isEmpty() || taken > 0 || recheck) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        }
        return true;
    }

    synchronized int pendingCount() {
        return pending.size();
    }
}
