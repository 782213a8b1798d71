package org.swiftft.replication;

/**
 * How changes reach the backups.
 */
public enum ReplicationMode {
    /**
     * Operation shipping: the application writes through libft's replicated file API; each
     * operation is shipped at once and in order, logged durably by each backup and replayed there.
     * Replay is idempotent.
     */
    REPLAY,
    /**
     * For applications that cannot use the API: the directory is watched, and a file with no change
     * for the quiet interval is shipped (changed blocks only) and installed atomically on the backups.
     * A backup may lag by the quiet interval and never sees a file's intermediate states.
     */
    COPY
}
