package org.swiftft.detector.internal;

import java.util.Map;
import java.util.Optional;
import org.swiftft.cluster.FailoverCoordinator;

import org.swiftft.heartbeat.HeartbeatDeadlines;
import org.swiftft.policy.FailureContext;
import org.swiftft.policy.RestartDecision;

/** What the supervisor needs from the runtime around it; the DS component provides it, tests too. */
interface SupervisorEnvironment {

    /** The heartbeat service, if one runs: without it heartbeats and regions are not enforced. */
    Optional<HeartbeatDeadlines> heartbeats();

    /** The cluster's fail-over, if this runtime is a cluster member: where a FAILOVER decision goes. */
    default Optional<FailoverCoordinator> failover() {
        return Optional.empty();
    }

    /** The restart policy's answer, or the built-in default's when the policy is missing or fails. */
    RestartDecision decide(String policy, FailureContext failure);

    void publish(String topic, Map<String, Object> properties);

    void info(String message);

    void warn(String message);
}
