package org.swiftft.detector;

/**
 * One entry of an application's history: a verdict, or an action taken by the supervisor or an
 * operator. The same facts are published as events; the history keeps them for {@code app:history}.
 */
public class HistoryEntryDTO {

    /** What happened; each has the event topic of the same name in {@link DetectorConstants}. */
    public enum Type {
        STARTED,
        READY,
        CRASHED,
        HUNG,
        RESTARTED,
        ESCALATED,
        STOPPED,
        FAILED
    }

    public Type type;
    /** Milliseconds since the epoch. */
    public long time;
    /** The verdict, for CRASHED and HUNG; otherwise {@code null}. */
    public VerdictDTO verdict;
    /** The policy's decision that led here ({@code RESTART after 400 ms}, {@code FAILOVER}), or {@code null}. */
    public String decision;
    /** One line for the operator: who asked, or why. */
    public String message;
}
