package org.swiftft.policy;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Chooses the replication scheme of a clustered application: cold or warm (hot later). The cluster
 * asks when the application is placed and again whenever the script changes.
 *
 * <p>Called with a deadline; a call that throws or is late makes the cluster keep the scheme the
 * application has, or cold if it has none.
 */
@ConsumerType
public interface ReplicationSchemePolicy {

    ReplicationPlan plan(ApplicationPlacement application);
}
