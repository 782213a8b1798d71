package org.swiftft.replication;

/**
 * When a replay-mode operation is acknowledged to the application: what a fail-over is guaranteed
 * to find on a backup. Ignored in copy mode.
 */
public enum ConsistencyLevel {
    /** Once written locally; a primary lost at once may take acknowledged operations with it. */
    ASYNC,
    /** Once every connected backup holds it in memory; lost only if primary and backup die together. */
    RECEIVED,
    /** Once every connected backup has it fsync'd in its replica log (DRBD's protocol C). */
    DURABLE
}
