package org.swiftft.replication;

/**
 * Configuration PIDs, event topics and event properties of replication.
 */
public final class ReplicationConstants {

    /** Factory PID of a replication set: {@code etc/org.swiftft.replication-NAME.cfg}. */
    public static final String SET_FACTORY_PID = "org.swiftft.replication";

    /** Prefix of every replication event topic. */
    public static final String TOPIC_PREFIX = "org/swiftft/replication/";

    /** A set became DEGRADED: a backup is missing or failing. */
    public static final String TOPIC_DEGRADED = TOPIC_PREFIX + "DEGRADED";
    /** A set is IN_SYNC again. */
    public static final String TOPIC_IN_SYNC = TOPIC_PREFIX + "IN_SYNC";
    /** This runtime took a new role for a set. */
    public static final String TOPIC_ROLE_CHANGED = TOPIC_PREFIX + "ROLE_CHANGED";
    /** A peer or frame was refused (bad secret, stale epoch, path outside the set, bad CRC). */
    public static final String TOPIC_REFUSED = TOPIC_PREFIX + "REFUSED";
    /** A resync finished. */
    public static final String TOPIC_RESYNCED = TOPIC_PREFIX + "RESYNCED";

    /** Event property: the set's name (String). */
    public static final String EVENT_SET = "set";
    /** Event property: the peer, {@code host:port} (String). */
    public static final String EVENT_PEER = "peer";
    /** Event property: a {@link Role} name (String). */
    public static final String EVENT_ROLE = "role";
    /** Event property: the epoch (Long). */
    public static final String EVENT_EPOCH = "epoch";
    /** Event property: operations not yet durable on the peer (Long). */
    public static final String EVENT_LAG = "lag";
    /** Event property: one line for the operator (String). */
    public static final String EVENT_MESSAGE = "message";

    private ReplicationConstants() {
    }
}
