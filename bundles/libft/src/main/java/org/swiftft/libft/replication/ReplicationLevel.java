package org.swiftft.libft.replication;

/**
 * When the runtime acknowledges a change to a replication set, as configured on the set (the
 * runtime's own consistency level, mirrored here so that libft needs nothing but itself).
 */
public enum ReplicationLevel {

    /** Calls return once the change is applied locally and handed to the runtime; nothing is awaited. */
    ASYNC,
    /** Calls also wait until the runtime acknowledges the change as received (by the backups the set requires). */
    RECEIVED,
    /** Calls also wait until the runtime acknowledges the change as durable (fsync'd where the set requires). */
    DURABLE;

    /** The level for the code of an OPENED message (0, 1, 2). */
    static ReplicationLevel ofCode(int code) {
        ReplicationLevel[] levels = values();
        if (code < 0 || code >= levels.length) {
            throw new IllegalArgumentException("unknown replication level code " + code);
        }
        return levels[code];
    }
}
