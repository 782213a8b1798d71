package org.swiftft.cluster.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.swiftft.detector.ApplicationDTO;
import org.swiftft.policy.FailoverTargetPolicy;
import org.swiftft.policy.ReplicationSchemePolicy;
import org.swiftft.replication.ReplicationStatusDTO;
import org.swiftft.replication.Role;

/**
 * The runtime around a cluster member, for protocol tests in one JVM: applications "run" as entries
 * in a map (the real detector and processes are in the integration tests). It records what it was
 * asked, so tests can say what ran where, with which role and epoch.
 */
final class StandInRuntime implements LocalRuntime {

    final Map<String, ApplicationDTO.State> states = new ConcurrentHashMap<>();
    final Map<String, Map<String, String>> environments = new ConcurrentHashMap<>();
    final Set<String> cannotStart = ConcurrentHashMap.newKeySet();
    final List<String> events = new CopyOnWriteArrayList<>();
    volatile ReplicationSchemePolicy scheme;
    volatile boolean refusesPromotion;

    boolean runs(String application) {
        return states.get(application) == ApplicationDTO.State.RUNNING;
    }

    String role(String application) {
        return runs(application) ? environments.get(application).get("SWIFT_ROLE") : null;
    }

    @Override
    public Optional<ApplicationDTO> application(String name) {
        ApplicationDTO.State state = states.get(name);
        if (state == null) {
            return Optional.empty();
        }
        ApplicationDTO dto = new ApplicationDTO();
        dto.name = name;
        dto.state = state;
        return Optional.of(dto);
    }

    @Override
    public CompletionStage<ApplicationDTO> start(String name, Map<String, String> environment) {
        if (cannotStart.contains(name)) {
            states.put(name, ApplicationDTO.State.FAILED);
            return CompletableFuture.failedFuture(new IllegalStateException("cannot launch " + name + " here"));
        }
        environments.put(name, Map.copyOf(environment));
        states.put(name, ApplicationDTO.State.RUNNING);
        return CompletableFuture.completedFuture(application(name).get());
    }

    @Override
    public CompletionStage<ApplicationDTO> stop(String name) {
        states.computeIfPresent(name, (n, s) -> ApplicationDTO.State.STOPPED);
        return CompletableFuture.completedFuture(application(name).orElse(null));
    }

    @Override
    public CompletionStage<String> request(String name, String verb, String argument, long timeoutMillis) {
        events.add("request " + verb + " " + argument);
        return refusesPromotion ? CompletableFuture.failedFuture(new IllegalStateException(name + " is not connected"))
                : CompletableFuture.completedFuture("ok");
    }

    @Override
    public Optional<ReplicationStatusDTO> replicationSet(String name) {
        return Optional.empty();
    }

    @Override
    public void assumeRole(String set, Role role, long epoch) {
        events.add("role " + set + " " + role + " " + epoch);
    }

    @Override
    public Optional<FailoverTargetPolicy> targetPolicy() {
        return Optional.empty();
    }

    @Override
    public Optional<ReplicationSchemePolicy> schemePolicy(String name) {
        return Optional.ofNullable(scheme);
    }

    @Override
    public void post(String topic, Map<String, Object> properties) {
        events.add(topic.substring(topic.lastIndexOf('/') + 1) + " " + properties.get("application"));
    }
}
