package org.swiftft.policy.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.swiftft.policy.ApplicationPlacement;
import org.swiftft.policy.FailoverTargetPolicy;
import org.swiftft.policy.FailureContext;
import org.swiftft.policy.HostCandidate;
import org.swiftft.policy.ReplicationPlan;
import org.swiftft.policy.ReplicationScheme;
import org.swiftft.policy.ReplicationSchemePolicy;
import org.swiftft.policy.RestartDecision;
import org.swiftft.policy.RestartPolicy;

/** The scripts shipped in the distribution's scripts/ folder behave as their comments promise. */
class ShippedScriptsTest {

    private static final Path SCRIPTS = Path.of("../../scripts");
    private final ScriptCompiler compiler = new ScriptCompiler(ScriptPolicyEngine.POLICY_INTERFACES,
            getClass().getClassLoader());

    @Test
    void firstFailureAfterAStableRunRestartsAtOnce() throws Exception {
        RestartPolicy restart = load("restart.groovy", RestartPolicy.class);
        RestartDecision decision = restart.onFailure(failures(1, 60_000, 1_000));
        assertEquals(RestartDecision.Action.RESTART, decision.action());
        assertEquals(0, decision.delayMillis());
    }

    @Test
    void repeatedFailuresBackOffExponentiallyWithBoundedJitter() throws Exception {
        RestartPolicy restart = load("restart.groovy", RestartPolicy.class);
        for (int inARow = 2; inARow <= 4; inARow++) {
            RestartDecision decision = restart.onFailure(failures(inARow, 60_000, 1_000));
            long base = 100L << (inARow - 2);
            assertEquals(RestartDecision.Action.RESTART, decision.action());
            assertTrue(decision.delayMillis() >= base && decision.delayMillis() <= base * 1.2,
                    "failure " + inARow + " waits " + decision.delayMillis());
        }
        long capped = restart.onFailure(failures(30, 60_000, 1_000)).delayMillis();
        assertTrue(capped >= 30_000 && capped <= 36_000, "the backoff is capped at 30 s plus jitter: " + capped);
    }

    @Test
    void restartResetsAfterAStableRun() throws Exception {
        RestartPolicy restart = load("restart.groovy", RestartPolicy.class);
        RestartDecision decision = restart.onFailure(failures(4, 600_000, 60_000));
        assertEquals(0, decision.delayMillis(), "a run of 60 s counts as the first failure again");
    }

    @Test
    void restartEscalatesAtTheThresholdInTheWindow() throws Exception {
        RestartPolicy restart = load("restart.groovy", RestartPolicy.class);
        assertEquals(RestartDecision.Action.RESTART, restart.onFailure(failures(4, 10_000, 100)).action());
        assertEquals(RestartDecision.Action.FAILOVER, restart.onFailure(failures(5, 10_000, 100)).action());
        assertEquals(RestartDecision.Action.RESTART, restart.onFailure(failures(5, 20_000, 100)).action(),
                "5 failures spread over 80 s are not 5 in 60 s");
    }

    @Test
    void coldAndWarmPlans() throws Exception {
        ApplicationPlacement twoHosts = new ApplicationPlacement("app", List.of("a", "b"), "a");
        ReplicationPlan cold = load("replication-cold.groovy", ReplicationSchemePolicy.class).plan(twoHosts);
        ReplicationPlan warm = load("replication-warm.groovy", ReplicationSchemePolicy.class).plan(twoHosts);
        assertEquals(ReplicationScheme.COLD, cold.scheme());
        assertEquals(ReplicationScheme.WARM, warm.scheme());
        assertEquals(1, warm.standbyBackups());
    }

    @Test
    void failoverPrefersAHealthyStandby() throws Exception {
        FailoverTargetPolicy failover = load("failover.groovy", FailoverTargetPolicy.class);
        ApplicationPlacement app = new ApplicationPlacement("app", List.of("a", "b", "c", "d"), "a");
        Optional<String> target = failover.chooseTarget(app, List.of(
                new HostCandidate("b", false, 1, true, 10),
                new HostCandidate("c", true, 2, false, -1),
                new HostCandidate("d", true, 3, true, 10)));
        assertEquals(Optional.of("d"), target);
        assertEquals(Optional.empty(), failover.chooseTarget(app, List.of(new HostCandidate("b", false, 1, false, -1))));
    }

    /** {@code count} failures {@code spacing} ms apart, the last one after a run of {@code upMillis}. */
    private static FailureContext failures(int count, long spacing, long upMillis) {
        long now = 100_000_000L;
        List<Long> times = new ArrayList<>();
        for (int i = count - 1; i >= 0; i--) {
            times.add(now - i * spacing);
        }
        return new FailureContext("app", "CRASH", "exit 1", now, upMillis, times, count);
    }

    private <T> T load(String script, Class<T> type) throws Exception {
        Path file = SCRIPTS.resolve(script);
        Class<?> implementation = compiler.compile(file, java.nio.file.Files.readString(file)).implementation();
        return type.cast(implementation.getDeclaredConstructor().newInstance());
    }
}
