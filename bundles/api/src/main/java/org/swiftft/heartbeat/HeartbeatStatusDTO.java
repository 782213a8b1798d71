package org.swiftft.heartbeat;

import java.util.List;

/**
 * One tracked application's deadlines now.
 */
public class HeartbeatStatusDTO {

    /** One open region. */
    public static class RegionDTO {
        public String name;
        /** When it was (last) entered, milliseconds since the epoch. */
        public long enteredAt;
        /** When it must be left. */
        public long deadline;
    }

    public String application;
    /** Pid attached with {@link HeartbeatDeadlines#attach}, or -1. */
    public long pid = -1;
    /** Whether READY or a first heartbeat came (the heartbeat clock runs). */
    public boolean ready;
    /** Heartbeat timeout in force (announced by the child or configured); 0 for none. */
    public long timeoutMillis;
    /** Whether the timeout in force was announced by the child ({@code WATCHDOG_USEC}). */
    public boolean timeoutAnnounced;
    /** Last heartbeat, milliseconds since the epoch, or 0. */
    public long lastBeat;
    /** The next deadline of any kind, or 0 if none is armed. */
    public long nextDeadline;
    public List<RegionDTO> openRegions = List.of();
    /** The last STATUS text, or {@code null}. */
    public String statusText;
    /** Messages accepted for this application. */
    public long accepted;
}
