package org.swiftft.cluster;

/**
 * Configuration PIDs, event topics and event properties of the cluster.
 */
public final class ClusterConstants {

    /** PID of the cluster's configuration: {@code etc/org.swiftft.cluster.cfg}. */
    public static final String CLUSTER_PID = "org.swiftft.cluster";

    /** Prefix of every cluster event topic. */
    public static final String TOPIC_PREFIX = "org/swiftft/cluster/";

    /** A new view was installed. */
    public static final String TOPIC_VIEW_CHANGED = TOPIC_PREFIX + "VIEW_CHANGED";
    /** A member is suspected by a neighbour. */
    public static final String TOPIC_SUSPECTED = TOPIC_PREFIX + "SUSPECTED";
    /** This side lost its quorum; its primaries fence themselves. */
    public static final String TOPIC_QUORUM_LOST = TOPIC_PREFIX + "QUORUM_LOST";
    /** This runtime stopped a clustered application because it can no longer be sure it is primary. */
    public static final String TOPIC_FENCED = TOPIC_PREFIX + "FENCED";
    /** A fail-over completed: the application runs on its new primary. */
    public static final String TOPIC_FAILOVER = TOPIC_PREFIX + "FAILOVER";
    /** A fail-over failed: the application is down. */
    public static final String TOPIC_FAILOVER_FAILED = TOPIC_PREFIX + "FAILOVER_FAILED";
    /** A member was refused at join (wrong secret or configuration hash). */
    public static final String TOPIC_REFUSED = TOPIC_PREFIX + "REFUSED";

    /** Event property: the view id (Long). */
    public static final String EVENT_VIEW_ID = "view.id";
    /** Event property: the view's members (String[]). */
    public static final String EVENT_MEMBERS = "members";
    /** Event property: the member concerned (String). */
    public static final String EVENT_MEMBER = "member";
    /** Event property: the application (String). */
    public static final String EVENT_APPLICATION = "application";
    /** Event property: previous primary (String). */
    public static final String EVENT_FROM = "from";
    /** Event property: new primary (String). */
    public static final String EVENT_TO = "to";
    /** Event property: the primaryship epoch (Long). */
    public static final String EVENT_EPOCH = "epoch";
    /** Event property: a {@link FailoverDTO.Trigger} name (String). */
    public static final String EVENT_TRIGGER = "trigger";
    /** Event property: fail-over duration in milliseconds (Long). */
    public static final String EVENT_DURATION = "duration";
    /** Event property: one line for the operator (String). */
    public static final String EVENT_MESSAGE = "message";

    private ClusterConstants() {
    }
}
