package org.swiftft.heartbeat;

/**
 * Event topics and event properties of the heartbeat capability. Dropped messages are counted, not
 * published: a flood must not become a flood of events.
 */
public final class HeartbeatConstants {

    /** Prefix of every heartbeat event topic. */
    public static final String TOPIC_PREFIX = "org/swiftft/heartbeat/";

    /** A deadline was missed (the detector follows with its HUNG verdict). */
    public static final String TOPIC_LATE = TOPIC_PREFIX + "LATE";
    /** An application sent READY or its first heartbeat. */
    public static final String TOPIC_READY = TOPIC_PREFIX + "READY";

    /** Event property: the application's name (String). */
    public static final String EVENT_APPLICATION = "application";
    /** Event property: a {@link MissedDeadline.Kind} name (String). */
    public static final String EVENT_KIND = "kind";
    /** Event property: the region's name (String), for a region deadline. */
    public static final String EVENT_REGION = "region";
    /** Event property: the deadline, milliseconds since the epoch (Long). */
    public static final String EVENT_DEADLINE = "deadline";
    /** Event property: milliseconds past the deadline (Long). */
    public static final String EVENT_LATENESS = "lateness";

    private HeartbeatConstants() {
    }
}
