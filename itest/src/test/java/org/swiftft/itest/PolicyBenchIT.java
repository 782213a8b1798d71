package org.swiftft.itest;


import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;
import org.swiftft.policy.FailureContext;
import org.swiftft.policy.RestartPolicy;

/**
 * Benchmark, not a test (profile -Pbench): what a policy costs its caller — a guarded call through
 * the registered service against the same script called directly — and how long a saved edit takes
 * to become the live behaviour. Prints medians and tails; results go to docs/benchmarks.md.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PolicyBenchIT {

    private static final int CALLS = 20_000;
    private static final int WARMUP = 20_000;
    private static final int RELOADS = 30;

    @Inject
    private BundleContext context;

    @Inject
    private ConfigurationAdmin configurationAdmin;

    @Configuration
    public Option[] configuration() throws Exception {
        return TestRuntime.paxOptions("bench", "default").toArray(new Option[0]);
    }

    @Test
    public void guardedCallAgainstDirectCallAndReloadLatency() throws Exception {
        Path scripts = Files.createTempDirectory(Path.of(System.getProperty("swift.itest.home")), "bench-scripts");
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("scripts.dir", scripts.toString());
        properties.put("settle.ms", 50L);
        configurationAdmin.getConfiguration("org.swiftft.policy", "?").update(properties);
        Path file = scripts.resolve("bench.groovy");
        Files.writeString(file, script(1));
        RestartPolicy guarded = awaitAnswer(1);
        FailureContext failure = new FailureContext("app", "CRASH", "exit 1", System.currentTimeMillis(), 10,
                List.of(System.currentTimeMillis()), 1);

        // The same script compiled and instantiated directly: what the guard adds is the difference.
        RestartPolicy direct = directInstance(file);

        long[] guardedNanos = time(guarded, failure);
        long[] directNanos = time(direct, failure);
        System.out.println(summary("direct call (ns)", directNanos));
        System.out.println(summary("guarded call through the service (ns)", guardedNanos));

        long[] reloadMillis = new long[RELOADS];
        for (int i = 0; i < RELOADS; i++) {
            long version = i + 2;
            long started = System.nanoTime();
            Files.writeString(file, script(version));
            awaitAnswer(version);
            reloadMillis[i] = (System.nanoTime() - started) / 1_000_000;
        }
        System.out.println(summary("save -> new behaviour live (ms, settle 50 ms)", reloadMillis));
    }

    private RestartPolicy directInstance(Path file) throws Exception {
        try (groovy.lang.GroovyClassLoader loader = new groovy.lang.GroovyClassLoader(getClass().getClassLoader())) {
            Class<?> type = loader.parseClass(file.toFile());
            return (RestartPolicy) type.getDeclaredConstructor().newInstance();
        }
    }

    private static long[] time(RestartPolicy policy, FailureContext failure) {
        for (int i = 0; i < WARMUP; i++) {
            policy.onFailure(failure);
        }
        long[] nanos = new long[CALLS];
        for (int i = 0; i < CALLS; i++) {
            long started = System.nanoTime();
            policy.onFailure(failure);
            nanos[i] = System.nanoTime() - started;
        }
        return nanos;
    }

    private RestartPolicy awaitAnswer(long delay) throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            ServiceReference<?>[] references = context.getServiceReferences(RestartPolicy.class.getName(),
                    "(policy.name=bench)");
            if (references != null) {
                RestartPolicy policy = (RestartPolicy) context.getService(references[0]);
                FailureContext failure = new FailureContext("app", "CRASH", "", 0, 0, List.of(0L), 1);
                if (policy.onFailure(failure).delayMillis() == delay) {
                    return policy;
                }
            }
            Thread.sleep(1);
        }
        throw new AssertionError("version " + delay + " never became live");
    }

    private static String script(long delay) {
        return """
                import org.swiftft.policy.*
                class Bench implements RestartPolicy {
                    RestartDecision onFailure(FailureContext f) {
                        f.failuresWithin(60_000) > 5 ? RestartDecision.stop('flapping') : RestartDecision.restartAfter(%d, 'bench')
                    }
                }
                """.formatted(delay);
    }

    private static String summary(String what, long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return String.format("BENCH %s: median %d, p99 %d, min %d, max %d (n=%d)", what, sorted[sorted.length / 2],
                sorted[(int) (sorted.length * 0.99)], sorted[0], sorted[sorted.length - 1], sorted.length);
    }
}
