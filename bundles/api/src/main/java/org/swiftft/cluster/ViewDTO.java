package org.swiftft.cluster;

import java.util.List;

/**
 * One membership view: the members that can reach each other now.
 */
public class ViewDTO {

    /** Increases with every view change. */
    public long id;
    /** The member that coordinates fail-overs in this view. */
    public String coordinator;
    public List<String> members = List.of();
    /** How many members are configured in all. */
    public int configuredMembers;
    /**
     * Whether this view holds a quorum (by the quorum rule, a majority of the configured members
     * unless configured otherwise). Without it this side fails nothing over, and a primary here
     * fences itself: it stops its clustered applications within the detection timeout.
     */
    public boolean quorum;
    /** When this view was installed, milliseconds since the epoch. */
    public long since;
    /**
     * Why this member is not in a group with the others, or {@code null}: refused at join (another
     * configuration hash), or messages that fail the signature check (another secret), naming whom.
     */
    public String problem;
}
