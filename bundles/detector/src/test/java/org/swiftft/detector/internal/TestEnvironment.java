package org.swiftft.detector.internal;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.BiFunction;

import org.swiftft.heartbeat.HeartbeatDeadlines;
import org.swiftft.policy.FailureContext;
import org.swiftft.policy.RestartDecision;

/** The supervisor's surroundings in a test: no heartbeat capability, the test's policy, events and failures recorded. */
final class TestEnvironment implements SupervisorEnvironment {

    final BlockingQueue<String> topics = new LinkedBlockingQueue<>();
    final BlockingQueue<FailureContext> failures = new LinkedBlockingQueue<>();
    volatile BiFunction<String, FailureContext, RestartDecision> policy = (name, failure) -> RestartDecision.restartAfter(0, "");

    @Override
    public Optional<HeartbeatDeadlines> heartbeats() {
        return Optional.empty();
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

    @Override
    public void info(String message) {
    }

    @Override
    public void warn(String message) {
        System.err.println("supervisor warning: " + message); // in the test report, where a failure is explained
    }
}
