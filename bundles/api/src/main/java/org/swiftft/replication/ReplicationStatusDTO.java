package org.swiftft.replication;

import java.util.List;

/**
 * One replication set now, on this runtime ({@code replication:list}, {@code replication:status}).
 */
public class ReplicationStatusDTO {

    /** Where a set stands. */
    public enum State {
        /** Every backup is connected and within the consistency level. */
        IN_SYNC,
        /** A backup is catching up from its log gap or by copying what changed. */
        CATCHING_UP,
        /**
         * A backup is missing, failing (disk full, I/O error) or out of reach; the primary keeps
         * working and the set resumes by itself when the fault clears. At levels above ASYNC,
         * acknowledgements wait only for the backups still connected.
         */
        DEGRADED,
        /** A stale epoch was seen, or the configuration is invalid; see {@link ReplicationStatusDTO#lastError}. */
        FAILED,
        /** Stopped by configuration. */
        STOPPED
    }

    public String name;
    public String directory;
    public Role role;
    public ReplicationMode mode;
    public ConsistencyLevel level;
    /** The primaryship epoch frames carry; frames of an older epoch are refused. */
    public long epoch;
    public State state;
    /** Last operation sequence produced (primary) or applied (backup). */
    public long sequence;
    public List<PeerStatusDTO> peers = List.of();
    /** The last error, with peer address or file; {@code null} if none. */
    public String lastError;
    /** When it happened, milliseconds since the epoch, or 0. */
    public long lastErrorAt;
    /** Frames or connections refused (bad secret, stale epoch, path outside the set, bad CRC). */
    public long refused;
}
