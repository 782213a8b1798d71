package org.swiftft.heartbeat.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import org.swiftft.heartbeat.DeadlineListener;
import org.swiftft.heartbeat.HeartbeatSpec;
import org.swiftft.heartbeat.HeartbeatStatusDTO;

/**
 * One incarnation of a tracked application and its deadlines, in {@link System#nanoTime()} units
 * ({@link Long#MAX_VALUE} for none). Guarded by the table's lock.
 */
final class TrackedApplication {

    static final long NONE = Long.MAX_VALUE;

    final String name;
    final String token;
    final DeadlineListener listener;
    final long trackedAtNanos;
    long timeoutNanos;
    boolean timeoutAnnounced;
    final long startDeadline;
    boolean clockStarted;
    boolean ready;
    long heartbeatDeadline = NONE;
    long lastBeatMillis;
    long accepted;
    long pid = -1;
    String status;
    boolean armed = true;
    /** Open regions: name to {entered, deadline} in nanoTime. */
    final Map<String, long[]> regions = new LinkedHashMap<>();

    TrackedApplication(String name, String token, HeartbeatSpec spec, DeadlineListener listener, long now) {
        this.name = name;
        this.token = token;
        this.listener = listener;
        this.trackedAtNanos = now;
        this.timeoutNanos = nanos(spec.timeoutMillis());
        this.startDeadline = spec.startTimeoutMillis() == 0 ? NONE : after(now, spec.startTimeoutMillis());
    }

    /** A heartbeat, or READY: the clock starts, or its deadline moves on. */
    void beat(long now, boolean isReady) {
        clockStarted = true;
        ready |= isReady;
        if (!isReady) {
            lastBeatMillis = System.currentTimeMillis();
        }
        heartbeatDeadline = timeoutNanos == 0 ? NONE : saturated(now, timeoutNanos);
    }

    void heartbeatTimeout(long timeoutMillis, long now) {
        timeoutNanos = nanos(timeoutMillis);
        timeoutAnnounced = true;
        if (clockStarted) {
            heartbeatDeadline = timeoutNanos == 0 ? NONE : saturated(now, timeoutNanos);
        }
    }

    /** The earliest deadline still to meet, or {@link #NONE}. */
    long nextDeadline() {
        if (!armed) {
            return NONE;
        }
        long next = clockStarted ? heartbeatDeadline : startDeadline;
        for (long[] region : regions.values()) {
            next = Math.min(next, region[1]);
        }
        return next;
    }

    HeartbeatStatusDTO toDTO(long nowNanos, long nowMillis) {
        HeartbeatStatusDTO dto = new HeartbeatStatusDTO();
        dto.application = name;
        dto.pid = pid;
        dto.ready = ready;
        dto.timeoutMillis = timeoutNanos / 1_000_000;
        dto.timeoutAnnounced = timeoutAnnounced;
        dto.lastBeat = lastBeatMillis;
        long next = nextDeadline();
        dto.nextDeadline = next == NONE ? 0 : toMillis(next, nowNanos, nowMillis);
        dto.openRegions = regions.entrySet().stream().map(e -> {
            HeartbeatStatusDTO.RegionDTO region = new HeartbeatStatusDTO.RegionDTO();
            region.name = e.getKey();
            region.enteredAt = toMillis(e.getValue()[0], nowNanos, nowMillis);
            region.deadline = toMillis(e.getValue()[1], nowNanos, nowMillis);
            return region;
        }).toList();
        dto.statusText = status;
        dto.accepted = accepted;
        return dto;
    }

    /** {@code now} plus a timeout in milliseconds, never past {@link #NONE}: a huge timeout means never. */
    static long after(long now, long millis) {
        return saturated(now, nanos(millis));
    }

    private static long nanos(long millis) {
        return millis >= NONE / 1_000_000 ? NONE : millis * 1_000_000;
    }

    private static long saturated(long now, long nanos) {
        return nanos >= NONE - Math.max(now, 0) ? NONE : now + nanos;
    }

    /** A nanoTime instant as wall-clock milliseconds. */
    static long toMillis(long nanos, long nowNanos, long nowMillis) {
        return nowMillis - (nowNanos - nanos) / 1_000_000;
    }
}
