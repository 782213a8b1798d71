package org.swiftft.itest;


import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.swiftft.detector.ApplicationSupervisor;
import org.swiftft.detector.DetectorConstants;
import org.swiftft.detector.WatchSpec;

/**
 * Benchmark, not a test (profile -Pbench): SIGKILL a supervised non-JVM child 200 times and time,
 * from the kill, the crash verdict and the new process running. The restart policy restarts at once
 * (no back-off), as the first restart after a stable run does. Times are taken when EventAdmin
 * delivers the detector's events, so they include that delivery.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DetectorBenchIT {

    private static final int KILLS = 200;

    @Inject
    private BundleContext context;

    @Inject
    private ConfigurationAdmin configurationAdmin;

    @Inject
    private ApplicationSupervisor supervisor;

    @Configuration
    public Option[] configuration() throws Exception {
        return TestRuntime.paxOptions("detector-bench", "default").toArray(new Option[0]);
    }

    @Test
    public void crashToVerdictAndCrashToRunning() throws Exception {
        Path scripts = Files.createTempDirectory(Path.of(System.getProperty("swift.itest.home")), "bench-scripts");
        Files.writeString(scripts.resolve("at-once.groovy"), """
                import org.swiftft.policy.*
                class AtOnce implements RestartPolicy {
                    RestartDecision onFailure(FailureContext f) { RestartDecision.restartAfter(0, 'bench') }
                }
                """);
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("scripts.dir", scripts.toString());
        configurationAdmin.getConfiguration("org.swiftft.policy", "?").update(properties);
        Thread.sleep(2000); // the script compiles

        BlockingQueue<long[]> events = new LinkedBlockingQueue<>(); // {kind 0 crashed / 1 started, nanoTime, pid}
        Hashtable<String, Object> topics = new Hashtable<>();
        topics.put(EventConstants.EVENT_TOPIC, new String[] {DetectorConstants.TOPIC_CRASHED, DetectorConstants.TOPIC_STARTED});
        var registration = context.registerService(EventHandler.class, event -> events.add(new long[] {
            event.getTopic().equals(DetectorConstants.TOPIC_CRASHED) ? 0 : 1, System.nanoTime(),
            ((Number) event.getProperty(DetectorConstants.EVENT_PID)).longValue()}), topics);
        WatchSpec spec = new WatchSpec();
        spec.name = "victim";
        spec.command = "sleep";
        spec.args = List.of("1000");
        spec.policy = "at-once";
        long[] toVerdict = new long[KILLS];
        long[] toRunning = new long[KILLS];
        try {
            long pid = supervisor.watch(spec).pid;
            awaitStarted(events, pid);
            for (int i = 0; i < KILLS; i++) {
                long killed = System.nanoTime();
                ProcessHandle.of(pid).orElseThrow().destroyForcibly();
                long[] crashed = next(events);
                long[] started = next(events);
                toVerdict[i] = crashed[1] - killed;
                toRunning[i] = started[1] - killed;
                pid = started[2];
            }
        } finally {
            registration.unregister();
            supervisor.unwatch("victim").toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        System.out.println(summary("SIGKILL -> crash verdict (ms)", toVerdict));
        System.out.println(summary("SIGKILL -> new process running (ms)", toRunning));
    }

    private static void awaitStarted(BlockingQueue<long[]> events, long pid) throws InterruptedException {
        while (true) {
            long[] event = next(events);
            if (event[0] == 1 && event[2] == pid) {
                return;
            }
        }
    }

    private static long[] next(BlockingQueue<long[]> events) throws InterruptedException {
        long[] event = events.poll(10, TimeUnit.SECONDS);
        if (event == null) {
            throw new AssertionError("no detector event within 10 s");
        }
        return event;
    }

    private static String summary(String what, long[] nanos) {
        double[] millis = Arrays.stream(nanos).sorted().mapToDouble(n -> n / 1e6).toArray();
        return String.format("BENCH %s: p50 %.2f, p99 %.2f, min %.2f, max %.2f (n=%d)", what, millis[millis.length / 2],
                millis[(int) (millis.length * 0.99)], millis[0], millis[millis.length - 1], millis.length);
    }
}
