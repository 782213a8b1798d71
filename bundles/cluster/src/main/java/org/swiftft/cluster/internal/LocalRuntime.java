package org.swiftft.cluster.internal;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.swiftft.detector.ApplicationDTO;
import org.swiftft.policy.FailoverTargetPolicy;
import org.swiftft.policy.ReplicationSchemePolicy;
import org.swiftft.replication.ReplicationStatusDTO;
import org.swiftft.replication.Role;

/**
 * What the cluster asks of the runtime it runs in: the detector to start and stop clustered
 * applications, the replication sets to change role, the policies, the event bus. The DS component
 * provides it from the services present; each may be missing, and says so.
 */
interface LocalRuntime {

    Optional<ApplicationDTO> application(String name);

    /** Launches a held application with its role in the environment; fails if it cannot be launched. */
    CompletionStage<ApplicationDTO> start(String name, Map<String, String> environment);

    CompletionStage<ApplicationDTO> stop(String name);

    CompletionStage<String> request(String name, String verb, String argument, long timeoutMillis);

    Optional<ReplicationStatusDTO> replicationSet(String name);

    /** @throws Exception naming the set and why it cannot take the role */
    void assumeRole(String set, Role role, long epoch) throws Exception;

    Optional<FailoverTargetPolicy> targetPolicy();

    Optional<ReplicationSchemePolicy> schemePolicy(String name);

    void post(String topic, Map<String, Object> properties);
}
