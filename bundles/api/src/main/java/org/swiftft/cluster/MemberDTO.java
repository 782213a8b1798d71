package org.swiftft.cluster;

import java.util.List;

/**
 * One member of the cluster.
 */
public class MemberDTO {

    /** Where a member stands, as this runtime sees it. */
    public enum State {
        /** In the view and answering. */
        ALIVE,
        /** In the view, but a neighbour suspects it; not yet removed. */
        SUSPECTED,
        /** Configured, but not in the view (lost, partitioned, or not started). */
        ABSENT,
        /** Left on purpose. */
        LEFT
    }

    public String name;
    /** {@code host:port} of its group endpoint. */
    public String address;
    public State state;
    public boolean self;
    public boolean coordinator;
    /** Members suspecting it now. */
    public List<String> suspectedBy = List.of();
    /** Hash of its clustered configuration, as sent at join. */
    public String configurationHash;
    /** Applications it is primary for. */
    public List<String> primaryFor = List.of();
    /** Applications it backs up (cold or in standby). */
    public List<String> backupFor = List.of();
    /** Last message from it, milliseconds since the epoch. */
    public long lastSeen;
}
