package org.swiftft.detector.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.swiftft.detector.ProbeSpec;

/**
 * Runs the probes of running applications on a bounded pool, each probe at its own interval and
 * within its own timeout, and reports an application whose probe failed its threshold of times in a
 * row (failures during the start-up grace do not count). The pool has a thread per probe up to
 * {@link #MAX_THREADS}, so a slow probe takes only its own thread.
 */
final class ProbeScheduler implements AutoCloseable {

    static final int MAX_THREADS = 16;

    /** Told on a probe thread; must hand the news over quickly. */
    interface Failed {
        void failed(String application, long incarnation, ProbeSpec probe, String error);
    }

    private final ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(1, runnable -> {
        Thread thread = new Thread(runnable, "swift-detector-probe");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, List<ScheduledFuture<?>>> running = new ConcurrentHashMap<>();
    /** When a probe of the application last passed, milliseconds since the epoch. */
    private final Map<String, Long> lastPassed = new ConcurrentHashMap<>();
    private final Failed failed;

    ProbeScheduler(Failed failed) {
        this.failed = failed;
        pool.setRemoveOnCancelPolicy(true);
    }

    void start(String application, long incarnation, List<ProbeSpec> probes) {
        stop(application);
        if (probes.isEmpty()) {
            return;
        }
        long launched = System.currentTimeMillis();
        List<ScheduledFuture<?>> futures = new ArrayList<>();
        for (ProbeSpec probe : probes) {
            AtomicInteger inARow = new AtomicInteger();
            futures.add(pool.scheduleWithFixedDelay(() -> {
                String error = Probe.check(probe);
                boolean counts = System.currentTimeMillis() - launched >= probe.startGraceMillis;
                if (error == null) {
                    lastPassed.put(application, System.currentTimeMillis());
                }
                if (error == null || !counts) {
                    inARow.set(0);
                } else if (inARow.incrementAndGet() >= probe.failureThreshold) {
                    inARow.set(0);
                    failed.failed(application, incarnation, probe, error);
                }
            }, probe.intervalMillis, probe.intervalMillis, TimeUnit.MILLISECONDS));
        }
        running.put(application, futures);
        pool.setCorePoolSize(Math.min(MAX_THREADS, Math.max(1, running.values().stream().mapToInt(List::size).sum())));
    }

    /** When a probe of the application last passed, or 0. */
    long lastPassed(String application) {
        return lastPassed.getOrDefault(application, 0L);
    }

    void stop(String application) {
        lastPassed.remove(application);
        List<ScheduledFuture<?>> futures = running.remove(application);
        if (futures != null) {
            futures.forEach(future -> future.cancel(true));
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
