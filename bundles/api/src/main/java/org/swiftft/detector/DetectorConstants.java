package org.swiftft.detector;

/**
 * Configuration PIDs, event topics and event properties of the detector.
 */
public final class DetectorConstants {

    /** Factory PID of a watched application: {@code etc/org.swiftft.watch-NAME.cfg}. */
    public static final String WATCH_FACTORY_PID = "org.swiftft.watch";

    /** Prefix of every detector event topic. */
    public static final String TOPIC_PREFIX = "org/swiftft/detector/";

    /** An incarnation was launched or adopted. */
    public static final String TOPIC_STARTED = TOPIC_PREFIX + "STARTED";
    /** The application sent READY or its first heartbeat. */
    public static final String TOPIC_READY = TOPIC_PREFIX + "READY";
    /** Crash verdict: it exited without being asked to. */
    public static final String TOPIC_CRASHED = TOPIC_PREFIX + "CRASHED";
    /** Hang verdict: something was late; the process group is being stopped. */
    public static final String TOPIC_HUNG = TOPIC_PREFIX + "HUNG";
    /** Restarted after a failure, per policy. */
    public static final String TOPIC_RESTARTED = TOPIC_PREFIX + "RESTARTED";
    /** The policy escalated: fail-over or reboot was asked for. */
    public static final String TOPIC_ESCALATED = TOPIC_PREFIX + "ESCALATED";
    /** Stopped on purpose. */
    public static final String TOPIC_STOPPED = TOPIC_PREFIX + "STOPPED";
    /** Given up on: state FAILED. */
    public static final String TOPIC_FAILED = TOPIC_PREFIX + "FAILED";

    /** Event property: the application's name (String). */
    public static final String EVENT_APPLICATION = "application";
    /** Event property: the incarnation's pid (Long). */
    public static final String EVENT_PID = "pid";
    /** Event property: {@code CRASH} or {@code HANG} (String). */
    public static final String EVENT_VERDICT = "verdict";
    /** Event property: exit code (Integer), on CRASHED. */
    public static final String EVENT_EXIT_CODE = "exit.code";
    /** Event property: signal name (String), on CRASHED by a signal. */
    public static final String EVENT_SIGNAL = "signal";
    /** Event property: what was late, a {@link VerdictDTO.Lateness} name (String), on HUNG. */
    public static final String EVENT_LATE = "late";
    /** Event property: the region or probe that was late (String), on HUNG. */
    public static final String EVENT_REGION = "region";
    /** Event property: milliseconds past the deadline (Long), on HUNG. */
    public static final String EVENT_LATENESS = "lateness";
    /** Event property: the policy's action, a {@link org.swiftft.policy.RestartDecision.Action} name (String). */
    public static final String EVENT_ACTION = "action";
    /** Event property: delay before the action in milliseconds (Long). */
    public static final String EVENT_DELAY = "delay";
    /** Event property: one line for the operator (String). */
    public static final String EVENT_MESSAGE = "message";

    private DetectorConstants() {
    }

    /** Request: take a checkpoint at your next quiet point; the argument says why. */
    public static final String REQUEST_CHECKPOINT = "CHECKPOINT";
    /** Request: SIGTERM follows; the argument is the grace period in milliseconds before it. */
    public static final String REQUEST_PREPARE_STOP = "PREPARE_STOP";
    /** Request: this backup is now the primary (the cluster capability sends it). */
    public static final String REQUEST_PROMOTE = "PROMOTE";
}
