package org.swiftft.heartbeat.internal;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import org.swiftft.heartbeat.DeadlineListener;
import org.swiftft.heartbeat.DropReason;
import org.swiftft.heartbeat.HeartbeatProtocol;
import org.swiftft.heartbeat.HeartbeatSpec;
import org.swiftft.heartbeat.HeartbeatStatusDTO;
import org.swiftft.heartbeat.MissedDeadline;

/**
 * Every tracked application's deadlines, and the one thread that notices when one passes. The
 * thread sleeps until the earliest deadline; a heartbeat that only moves a deadline later needs no
 * wake-up, anything that makes a new or earlier deadline (a first heartbeat, READY, ENTER, a new
 * incarnation, a shorter announced timeout) signals it. So the idle cost does not grow with the
 * number of applications beyond one scan per wake-up.
 */
final class DeadlineTable implements AutoCloseable {

    /** Tokens of earlier incarnations remembered, to tell a stale token from a forged one. */
    private static final int STALE_TOKENS_KEPT = 4096;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition earlierDeadline = lock.newCondition();
    private final Map<String, TrackedApplication> byName = new HashMap<>();
    private final Map<String, TrackedApplication> byToken = new HashMap<>();
    private final Map<String, String> staleTokens = new LinkedHashMap<>(16, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > STALE_TOKENS_KEPT;
        }
    };
    private final SecureRandom random = new SecureRandom();
    /**
     * The last sd_notify datagrams from senders no application claimed: a forking daemon notifies
     * before its pid file names it, and those count once {@link #attach} does.
     */
    private final java.util.Deque<Unclaimed> unclaimed = new java.util.ArrayDeque<>();
    private static final int UNCLAIMED_KEPT = 64;

    private record Unclaimed(long pid, long receivedNanos, String text) {
    }
    private final DropCounters counters;
    private final Consumer<MissedDeadline> published;
    private final Consumer<String> problems;
    private final Thread watcher;
    private volatile boolean running = true;

    /**
     * @param published told of every missed deadline, after the application's own listener
     * @param problems  told when a listener throws
     */
    DeadlineTable(DropCounters counters, Consumer<MissedDeadline> published, Consumer<String> problems) {
        this.counters = counters;
        this.published = published;
        this.problems = problems;
        this.watcher = new Thread(this::watchDeadlines, "swift-heartbeat-deadlines");
        this.watcher.setDaemon(true);
        this.watcher.start();
    }

    /** A new incarnation: a fresh token; the previous one's token becomes stale. */
    String track(String application, HeartbeatSpec spec, DeadlineListener listener) {
        byte[] bits = new byte[HeartbeatProtocol.TOKEN_HEX_DIGITS / 2];
        random.nextBytes(bits);
        String token = HexFormat.of().formatHex(bits);
        lock.lock();
        try {
            forget(application);
            TrackedApplication tracked = new TrackedApplication(application, token, spec, listener, System.nanoTime());
            byName.put(application, tracked);
            byToken.put(token, tracked);
            earlierDeadline.signal();
        } finally {
            lock.unlock();
        }
        return token;
    }

    void untrack(String application) {
        lock.lock();
        try {
            forget(application);
        } finally {
            lock.unlock();
        }
    }

    private void forget(String application) {
        TrackedApplication previous = byName.remove(application);
        if (previous != null) {
            byToken.remove(previous.token);
            staleTokens.put(previous.token, application);
        }
    }

    void attach(String application, long pid) {
        List<Unclaimed> candidates;
        long trackedAt;
        lock.lock();
        try {
            TrackedApplication tracked = byName.get(application);
            if (tracked == null) {
                return;
            }
            tracked.pid = pid;
            trackedAt = tracked.trackedAtNanos;
            candidates = List.copyOf(unclaimed);
        } finally {
            lock.unlock();
        }
        // /proc is read outside the lock, which every heartbeat takes; the process itself counts even if it has ended
        List<Unclaimed> claimed = candidates.stream().filter(message -> message.receivedNanos - trackedAt >= 0
                && (message.pid == pid || lineage(message.pid).contains(pid))).toList();
        if (claimed.isEmpty()) {
            return;
        }
        lock.lock();
        try {
            unclaimed.removeAll(claimed);
        } finally {
            lock.unlock();
        }
        claimed.forEach(message -> notifyLines(application, message.text));
    }

    /** The process and its ancestors, nearest first, at most 64; empty if it has ended. */
    private static List<Long> lineage(long pid) {
        List<Long> lineage = new ArrayList<>();
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        for (int hops = 0; hops < 64 && process.isPresent(); hops++) {
            lineage.add(process.get().pid());
            process = process.get().parent();
        }
        return lineage;
    }

    /** A datagram's message: the token says which application. */
    boolean accept(HeartbeatMessage message) {
        TrackedApplication tracked;
        boolean started;
        boolean accepted;
        lock.lock();
        try {
            tracked = byToken.get(message.token());
            if (tracked == null) {
                return counters.dropped(staleTokens.containsKey(message.token()) ? DropReason.STALE_TOKEN
                        : DropReason.BAD_TOKEN);
            }
            started = tracked.clockStarted;
            accepted = apply(tracked, message.verb(), message.region(), message.timeout(), message.text());
        } finally {
            lock.unlock();
        }
        tellIfReady(tracked, started);
        return accepted;
    }

    /** A verb for an application by name (the in-runtime callers of the service). */
    boolean apply(String application, String verb, String region, long timeout, String text) {
        TrackedApplication tracked;
        boolean started;
        boolean accepted;
        lock.lock();
        try {
            tracked = byName.get(application);
            if (tracked == null) {
                return counters.dropped(DropReason.UNKNOWN_APPLICATION);
            }
            started = tracked.clockStarted;
            accepted = apply(tracked, verb, region, timeout, text);
        } finally {
            lock.unlock();
        }
        tellIfReady(tracked, started);
        return accepted;
    }

    /** Outside the lock, as deadlines are told: the first READY or heartbeat of an incarnation. */
    private void tellIfReady(TrackedApplication tracked, boolean startedBefore) {
        if (!startedBefore && tracked.clockStarted) {
            try {
                tracked.listener.ready(tracked.name);
            } catch (RuntimeException e) {
                problems.accept("the deadline listener of " + tracked.name + " threw " + e);
            }
        }
    }

    private boolean apply(TrackedApplication tracked, String verb, String region, long timeout, String text) {
        long now = System.nanoTime();
        switch (verb) {
            case HeartbeatProtocol.VERB_HB:
                boolean startsTheClock = !tracked.clockStarted;
                tracked.beat(now, false);
                if (startsTheClock) {
                    earlierDeadline.signal(); // the first heartbeat creates a deadline where there was none
                }
                break;
            case HeartbeatProtocol.VERB_READY:
                tracked.beat(now, true);
                earlierDeadline.signal(); // the heartbeat clock may now end before the start timeout would have
                break;
            case HeartbeatProtocol.VERB_ENTER:
                tracked.regions.put(region, new long[] {now, TrackedApplication.after(now, timeout)});
                earlierDeadline.signal();
                break;
            case HeartbeatProtocol.VERB_LEAVE:
                if (tracked.regions.remove(region) == null) {
                    return counters.dropped(DropReason.NOT_OPEN);
                }
                break;
            case HeartbeatProtocol.VERB_STATUS:
                tracked.status = text;
                break;
            default:
                return counters.dropped(DropReason.UNKNOWN_VERB);
        }
        tracked.accepted++;
        counters.countAccepted();
        return true;
    }

    /**
     * An sd_notify datagram: it counts only if the kernel-reported sender is a tracked application's
     * process or one of its descendants (a message from anywhere else is FOREIGN_SENDER); each line is
     * a systemd assignment, unknown ones ignored as systemd does.
     */
    boolean acceptNotify(long senderPid, String text) {
        String application = senderPid < 0 ? null : applicationOf(senderPid);
        if (application == null) {
            keepUnclaimed(senderPid, text);
            return counters.dropped(DropReason.FOREIGN_SENDER);
        }
        return notifyLines(application, text);
    }

    /** Counted as foreign now; applied if an application attaches its sender later (a daemon found through its pid file). */
    private void keepUnclaimed(long senderPid, String text) {
        if (senderPid <= 1) {
            return;
        }
        lock.lock();
        try {
            unclaimed.addLast(new Unclaimed(senderPid, System.nanoTime(), text));
            if (unclaimed.size() > UNCLAIMED_KEPT) {
                unclaimed.removeFirst();
            }
        } finally {
            lock.unlock();
        }
    }

    private boolean notifyLines(String application, String text) {
        boolean any = false;
        for (String line : text.split("\n")) {
            any |= notifyLine(application, line.strip());
        }
        return any;
    }

    private boolean notifyLine(String application, String line) {
        if (line.equals(HeartbeatProtocol.NOTIFY_READY)) {
            return apply(application, HeartbeatProtocol.VERB_READY, null, 0, null);
        }
        if (line.equals(HeartbeatProtocol.NOTIFY_WATCHDOG)) {
            return apply(application, HeartbeatProtocol.VERB_HB, null, 0, null);
        }
        if (line.startsWith(HeartbeatProtocol.NOTIFY_STATUS)) {
            return apply(application, HeartbeatProtocol.VERB_STATUS, null, 0,
                    line.substring(HeartbeatProtocol.NOTIFY_STATUS.length()));
        }
        if (line.startsWith(HeartbeatProtocol.NOTIFY_WATCHDOG_USEC)) {
            try {
                long micros = Long.parseLong(line.substring(HeartbeatProtocol.NOTIFY_WATCHDOG_USEC.length()));
                if (micros > 0) {
                    return heartbeatTimeout(application, Math.max(1, micros / 1000));
                }
            } catch (NumberFormatException e) {
                // falls through to the drop below
            }
            return counters.dropped(DropReason.BAD_ARGUMENT);
        }
        return false; // STOPPING=1, MAINPID=, and the rest: nothing to do here
    }

    /** The tracked application whose attached process is the sender or one of its ancestors. */
    private String applicationOf(long senderPid) {
        Map<Long, String> attached = new HashMap<>();
        lock.lock();
        try {
            byName.values().stream().filter(t -> t.pid > 0).forEach(t -> attached.put(t.pid, t.name));
        } finally {
            lock.unlock();
        }
        return lineage(senderPid).stream().map(attached::get).filter(java.util.Objects::nonNull).findFirst().orElse(null);
    }

    /** The child announced its own heartbeat timeout; it wins over the configured one. */
    boolean heartbeatTimeout(String application, long timeoutMillis) {
        lock.lock();
        try {
            TrackedApplication tracked = byName.get(application);
            if (tracked == null) {
                return counters.dropped(DropReason.UNKNOWN_APPLICATION);
            }
            tracked.heartbeatTimeout(timeoutMillis, System.nanoTime());
            earlierDeadline.signal();
            return true;
        } finally {
            lock.unlock();
        }
    }

    Optional<HeartbeatStatusDTO> status(String application) {
        lock.lock();
        try {
            TrackedApplication tracked = byName.get(application);
            return tracked == null ? Optional.empty()
                    : Optional.of(tracked.toDTO(System.nanoTime(), System.currentTimeMillis()));
        } finally {
            lock.unlock();
        }
    }

    List<HeartbeatStatusDTO> statuses() {
        lock.lock();
        try {
            long nowNanos = System.nanoTime();
            long nowMillis = System.currentTimeMillis();
            return byName.values().stream().map(t -> t.toDTO(nowNanos, nowMillis))
                    .sorted(Comparator.comparing(dto -> dto.application)).toList();
        } finally {
            lock.unlock();
        }
    }

    private void watchDeadlines() {
        while (running) {
            List<TrackedApplication> late = new ArrayList<>();
            List<MissedDeadline> missed = new ArrayList<>();
            lock.lock();
            try {
                long now = System.nanoTime();
                long next = TrackedApplication.NONE;
                for (TrackedApplication tracked : byName.values()) {
                    long deadline = tracked.nextDeadline();
                    if (deadline <= now) {
                        missed.add(missedDeadline(tracked, deadline, now));
                        tracked.armed = false; // once per incarnation: the detector relaunches it
                        late.add(tracked);
                    } else {
                        next = Math.min(next, deadline);
                    }
                }
                if (missed.isEmpty()) {
                    if (next == TrackedApplication.NONE) {
                        earlierDeadline.await();
                    } else {
                        earlierDeadline.awaitNanos(next - now);
                    }
                    continue;
                }
            } catch (InterruptedException e) {
                return;
            } finally {
                lock.unlock();
            }
            for (int i = 0; i < missed.size(); i++) {
                tell(late.get(i).listener, missed.get(i));
            }
        }
    }

    private static MissedDeadline missedDeadline(TrackedApplication tracked, long deadline, long now) {
        long nowMillis = System.currentTimeMillis();
        MissedDeadline.Kind kind;
        String region = null;
        if (!tracked.clockStarted && deadline == tracked.startDeadline) {
            kind = MissedDeadline.Kind.START;
        } else if (tracked.clockStarted && deadline == tracked.heartbeatDeadline) {
            kind = MissedDeadline.Kind.HEARTBEAT;
        } else {
            kind = MissedDeadline.Kind.REGION;
            region = tracked.regions.entrySet().stream().filter(e -> e.getValue()[1] == deadline)
                    .map(Map.Entry::getKey).findFirst().orElse(null);
        }
        return new MissedDeadline(tracked.name, kind, region, TrackedApplication.toMillis(deadline, now, nowMillis),
                TimeUnit.NANOSECONDS.toMillis(now - deadline), tracked.lastBeatMillis);
    }

    /** Outside the lock: a listener that blocks delays other verdicts, never heartbeats. */
    private void tell(DeadlineListener listener, MissedDeadline missed) {
        try {
            listener.missed(missed);
        } catch (RuntimeException e) {
            problems.accept("the deadline listener of " + missed.application() + " threw " + e);
        }
        published.accept(missed);
    }

    @Override
    public void close() {
        running = false;
        watcher.interrupt();
        try {
            watcher.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
