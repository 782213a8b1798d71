package org.swiftft.cluster;

import java.util.List;

import org.swiftft.policy.ReplicationScheme;

/**
 * A clustered application ({@code cluster:apps}).
 */
public class ClusteredApplicationDTO {

    /** Where a clustered application stands. */
    public enum State {
        /** Its primary runs it (and, warm, backups stand by). */
        RUNNING,
        /** Being moved to another member. */
        FAILING_OVER,
        /** Runs nowhere: no quorum, no candidate, or every candidate failed. */
        DOWN
    }

    public String application;
    public ReplicationScheme scheme;
    /** Members it may run on, in order of preference. */
    public List<String> hosts = List.of();
    /** The member serving it, or {@code null}. */
    public String primary;
    /** Members holding its replicated state. */
    public List<String> backups = List.of();
    /** Backups running it in standby (warm). */
    public List<String> standby = List.of();
    public long epoch;
    public State state;
    /** The last fail-over, or {@code null}. */
    public FailoverDTO lastFailover;
}
