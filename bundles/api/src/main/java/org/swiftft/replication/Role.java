package org.swiftft.replication;

/**
 * A runtime's role for one replication set.
 */
public enum Role {
    /** Owns the directory; ships changes. */
    PRIMARY,
    /** Receives, logs and replays changes; its copy must not be written by anyone else. */
    BACKUP
}
