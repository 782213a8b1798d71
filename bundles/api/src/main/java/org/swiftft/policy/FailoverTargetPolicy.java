package org.swiftft.policy;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Chooses where an application goes when its host is lost or it must leave its host (the original
 * watchd chose the next live host in the ring).
 *
 * <p>Called by the cluster on the coordinator, with a deadline; a call that throws or is late makes
 * the cluster pick the first healthy candidate in preference order.
 */
@ConsumerType
public interface FailoverTargetPolicy {

    /**
     * @param application the application and its hosts
     * @param candidates  the hosts that could take it, the failed one excluded
     * @return the chosen host's name, or empty to leave the application down
     */
    Optional<String> chooseTarget(ApplicationPlacement application, List<HostCandidate> candidates);
}
