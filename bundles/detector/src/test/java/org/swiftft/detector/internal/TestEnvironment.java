package org.swiftft.detector.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.BiFunction;

import org.swiftft.detector.WatchSpec;
import org.swiftft.heartbeat.HeartbeatDeadlines;
import org.swiftft.policy.FailureContext;
import org.swiftft.policy.RestartDecision;

/** The supervisor's surroundings in a test: no heartbeat capability, the test's policy, events and failures recorded. */
final class TestEnvironment implements SupervisorEnvironment {

    final BlockingQueue<String> topics = new LinkedBlockingQueue<>();
    final BlockingQueue<FailureContext> failures = new LinkedBlockingQueue<>();
    volatile BiFunction<String, FailureContext, RestartDecision> policy = (name, failure) -> RestartDecision.restartAfter(0, "");

    /** The cluster's fail-over, when a test stands one in. */
    volatile org.swiftft.cluster.FailoverCoordinator failover;

    @Override
    public Optional<HeartbeatDeadlines> heartbeats() {
        return Optional.empty();
    }

    @Override
    public Optional<org.swiftft.cluster.FailoverCoordinator> failover() {
        return Optional.ofNullable(failover);
    }

    @Override
    public RestartDecision decide(String name, FailureContext failure) {
        failures.add(failure);
        return policy.apply(name, failure);
    }

    @Override
    public void publish(String topic, Map<String, Object> properties) {
        topics.add(topic);
    }

    /** A spec with a short grace period, as the tests use. */
    static WatchSpec spec(String name, String command, String... args) {
        WatchSpec spec = new WatchSpec();
        spec.name = name;
        spec.command = command;
        spec.args = List.of(args);
        spec.stopGraceMillis = 2000;
        return spec;
    }

    interface Condition {
        boolean holds() throws Exception;
    }

    /** Polls: what the tests wait for are processes and files, which tell nobody when they change. */
    static void await(Condition condition) throws Exception {
        long deadline = System.currentTimeMillis() + 20_000;
        while (!condition.holds()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("condition not met within 20 s");
            }
            Thread.sleep(10);
        }
    }

    @Override
    public void info(String message) {
    }

    @Override
    public void warn(String message) {
        System.err.println("supervisor warning: " + message); // in the test report, where a failure is explained
    }
}
