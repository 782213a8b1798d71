package org.swiftft.cluster;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * This runtime's view of the group: who is in it, whether this side holds a quorum, and who is
 * primary for each clustered application.
 *
 * <p>A lost host is suspected by its ring neighbours and removed from the view within the
 * configured detection timeout (2 s by default). Only members proving the shared secret can join,
 * and every message is authenticated; members whose clustered configuration hashes differ are
 * refused at join.
 *
 * <p>Everything returned is a snapshot; changes are published as
 * {@link ClusterConstants#TOPIC_VIEW_CHANGED} events. Thread-safe.
 */
@ProviderType
public interface ClusterMembership {

    /** This runtime as a member. */
    MemberDTO self();

    /** The members of the current view, and configured members missing from it, sorted by name. */
    List<MemberDTO> members();

    ViewDTO view();

    /**
     * The current primaryship of a clustered application, as this member knows it. Replication and
     * checkpoint shipping compare epochs with it and refuse older ones.
     *
     * @return empty if the application is not clustered or runs nowhere
     */
    Optional<Primaryship> primaryship(String application);

    /**
     * Leaves the group on purpose: clustered applications this runtime is primary for are moved
     * first (planned fail-over), then the member leaves without being suspected.
     */
    void leave();
}
