package org.swiftft.policy.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.swiftft.policy.FailureContext;
import org.swiftft.policy.PolicyFailedException;
import org.swiftft.policy.RestartPolicy;

class PolicyCallGuardTest {

    @TempDir
    Path folder;

    private final ThreadPoolExecutor workers = new ThreadPoolExecutor(0, 8, 1, TimeUnit.SECONDS, new SynchronousQueue<>());
    private final ScriptCompiler compiler = new ScriptCompiler(ScriptPolicyEngine.POLICY_INTERFACES,
            getClass().getClassLoader());
    private final CountDownLatch broken = new CountDownLatch(1);

    @AfterEach
    void stop() {
        workers.shutdownNow();
    }

    @Test
    void endlessLoopIsInterruptedAndMarkedBrokenWithoutLeakingThreads() throws Exception {
        RestartPolicy policy = guarded("spin.groovy", "while (true) { }");
        for (int i = 0; i < 3; i++) {
            PolicyFailedException late = assertThrows(PolicyFailedException.class, () -> policy.onFailure(failure()));
            assertEquals(PolicyFailedException.Reason.TIMED_OUT, late.reason());
        }
        assertTrue(broken.await(1, TimeUnit.SECONDS), "third late call marks the policy broken");
        PolicyFailedException refused = assertThrows(PolicyFailedException.class, () -> policy.onFailure(failure()));
        assertEquals(PolicyFailedException.Reason.BROKEN, refused.reason());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (workers.getActiveCount() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(0, workers.getActiveCount(), "interrupted scripts must give their threads back");
    }

    @Test
    void exceptionBecomesPolicyFailureNamingTheScriptLine() throws Exception {
        RestartPolicy policy = guarded("throws.groovy", "throw new IllegalStateException('no idea')");
        PolicyFailedException failed = assertThrows(PolicyFailedException.class, () -> policy.onFailure(failure()));
        assertEquals(PolicyFailedException.Reason.THREW, failed.reason());
        assertTrue(failed.getMessage().contains("throws.groovy:4"), failed.getMessage());
        assertTrue(failed.getCause() instanceof IllegalStateException);
    }

    private RestartPolicy guarded(String name, String body) throws Exception {
        Path file = Files.writeString(folder.resolve(name), """
                import org.swiftft.policy.*
                class P implements RestartPolicy {
                    RestartDecision onFailure(FailureContext f) {
                        %s
                    }
                }
                """.formatted(body));
        Class<?> implementation = compiler.compile(file, java.nio.file.Files.readString(file)).implementation();
        PolicyCallGuard guard = new PolicyCallGuard(name, (ExecutorService) workers, (g, message) -> broken.countDown());
        guard.limits(50, 3);
        guard.swap(implementation.getDeclaredConstructor().newInstance(), file.toString());
        return (RestartPolicy) guard.proxyFor(RestartPolicy.class);
    }

    private static FailureContext failure() {
        return new FailureContext("app", "CRASH", "exit 1", 1000, 10, List.of(1000L), 1);
    }
}
