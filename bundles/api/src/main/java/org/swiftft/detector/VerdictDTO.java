package org.swiftft.detector;

/**
 * A failure the detector saw: a crash (an exit nobody asked for) or a hang (a missed heartbeat or
 * region deadline, a failing probe, no READY in time). The {@code CRASH}/{@code HANG} names are
 * those of {@link org.swiftft.policy.FailureContext#verdict()}.
 */
public class VerdictDTO {

    /** The kind of failure. */
    public enum Kind {
        CRASH,
        HANG
    }

    /** What was late, for a hang. */
    public enum Lateness {
        /** No heartbeat within the heartbeat timeout. */
        HEARTBEAT,
        /** A region stayed open past its deadline (the original FtHbeat). */
        REGION,
        /** Neither READY nor a heartbeat within the start timeout. */
        START,
        /** Probes failed {@link ProbeSpec#failureThreshold} times in a row. */
        PROBE
    }

    public Kind kind;
    /** When the verdict was reached, milliseconds since the epoch. */
    public long time;
    /** Pid of the incarnation that failed. */
    public long pid;
    /** How long that incarnation ran. */
    public long upMillis;

    /** CRASH: the exit code, or -1 if killed by a signal. */
    public int exitCode = -1;
    /** CRASH: the signal's name ({@code SIGKILL}, {@code SIGSEGV}), or {@code null} for a normal exit. */
    public String signal;

    /** HANG: what was late. */
    public Lateness lateness;
    /** HANG by REGION: the region's name; by PROBE: the probe's target. */
    public String region;
    /** HANG: the deadline that passed, milliseconds since the epoch. */
    public long deadline;
    /** HANG: how far past the deadline the verdict came. */
    public long latenessMillis;

    /** One line for the operator (for a probe: its last error). */
    public String message;
}
