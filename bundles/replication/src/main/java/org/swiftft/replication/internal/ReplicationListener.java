package org.swiftft.replication.internal;

import java.lang.System.Logger.Level;

/**
 * What the engine tells its owner (the DS component turns these into events, status and log lines).
 * Called on engine threads; implementations must not block.
 */
public interface ReplicationListener {

    /** A peer, connection or frame was refused: bad secret, stale epoch, path outside the set, bad CRC, garbage. */
    void refused(String peer, String message);

    /** Something failed that an operator should see (link lost, I/O error); the engine goes on or says it stopped. */
    void failed(String peer, String message);

    /** A backup was brought to the primary's tree by block hashes (why, how much, how long). */
    default void resynced(String peer, String message) {
    }

    /** Logs through System.Logger: the default outside the runtime. */
    static ReplicationListener logging(String set) {
        System.Logger log = System.getLogger("org.swiftft.replication." + set);
        return new ReplicationListener() {
            @Override
            public void refused(String peer, String message) {
                log.log(Level.WARNING, "set " + set + ": refused " + peer + ": " + message);
            }

            @Override
            public void failed(String peer, String message) {
                log.log(Level.WARNING, "set " + set + ": " + peer + ": " + message);
            }
        };
    }
}
