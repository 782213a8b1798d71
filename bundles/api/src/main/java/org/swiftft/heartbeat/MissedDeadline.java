package org.swiftft.heartbeat;

/**
 * A deadline that passed.
 *
 * @param application    the application's name
 * @param kind           what was late
 * @param region         the region's name for {@link Kind#REGION}, else {@code null}
 * @param deadline       when it was due, milliseconds since the epoch
 * @param latenessMillis how long after the deadline this was noticed
 * @param lastBeat       the last heartbeat, milliseconds since the epoch, or 0 if none came
 */
public record MissedDeadline(String application, Kind kind, String region, long deadline,
        long latenessMillis, long lastBeat) {

    /** Which deadline. */
    public enum Kind {
        /** No heartbeat within the heartbeat timeout. */
        HEARTBEAT,
        /** A region left open past its timeout. */
        REGION,
        /** No READY and no heartbeat within the start timeout. */
        START
    }
}
