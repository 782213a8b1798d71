package org.swiftft.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Benchmark, not a test (profile -Pbench): how long a clustered application goes unanswered when its
 * primary's host is lost (issue 6). Three tarball runtimes in network namespaces run the replicated
 * Counter ({@link ClusterOfRuntimes}); a client here asks {@code ROLE} through the forwarders of the two
 * other members every 15 ms, each time on a new connection, and a fail-over is timed from just before
 * the fault to the first answer of a primary under a newer epoch.
 *
 * <p>Faults: the primary's runtime and its application frozen (SIGSTOP: a host that stops without a
 * word), its link cut (frames vanish), or its runtime SIGKILLed (the kernel resets its connections at
 * once, kinder than a lost host, so reported apart). One cluster serves a whole configuration: each
 * fail-over moves the application, and the next one hits the new primary. Also: the tightest
 * heartbeat timeouts under which a CPU-saturating load changes no view, and what an idle cluster
 * costs in CPU and on its links.
 *
 * <p>Asserts only that every fail-over happened. Figures go to stdout and to
 * target/cluster-bench/results.txt. {@code -Dbench.failovers=N} (20), {@code -Dbench.tight=T/I/V}
 * (timeout/interval/verify in ms) skips the load study.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterFailoverBenchIT {

    private static final int FAILOVERS = Integer.getInteger("bench.failovers", 20);
    private static final Timeouts DEFAULTS = new Timeouts(1000, 200, 300);
    /** Tried loosest first; the study stops at the first that lets a view change under load. */
    private static final List<Timeouts> CANDIDATES = List.of(new Timeouts(500, 100, 200), new Timeouts(300, 60, 150),
            new Timeouts(200, 50, 100), new Timeouts(150, 50, 75), new Timeouts(100, 30, 50));
    private static final long PROBE_EVERY_MS = 15;
    private static final int LOAD_SECONDS = Integer.getInteger("bench.load.seconds", 60);
    private static final int IDLE_SECONDS = Integer.getInteger("bench.idle.seconds", 60);
    private static final Path OUT = Path.of("target", "cluster-bench").toAbsolutePath();
    private static final Pattern ROLE = Pattern.compile("ROLE primary EPOCH (\\d+)");
    private static final Pattern VIEW = Pattern.compile("(\\d+) \\[[^\\]]*\\] (?:quorum|NO QUORUM) \\((\\d+) of 3\\)");

    private static Timeouts tightest = System.getProperty("bench.tight") == null ? null
            : Timeouts.parse(System.getProperty("bench.tight"));
    private static final List<String> report = new ArrayList<>();

    /** heartbeat.timeout.ms (also the lease), heartbeat.interval.ms, verify.timeout.ms. */
    record Timeouts(long timeout, long interval, long verify) {
        static Timeouts parse(String text) {
            long[] ms = Arrays.stream(text.split("/")).mapToLong(Long::parseLong).toArray();
            return new Timeouts(ms[0], ms[1], ms[2]);
        }

        Map<String, String> settings() {
            return Map.of("heartbeat.timeout.ms", Long.toString(timeout), "heartbeat.interval.ms",
                    Long.toString(interval), "verify.timeout.ms", Long.toString(verify));
        }

        @Override
        public String toString() {
            return timeout + "/" + interval + "/" + verify;
        }
    }

    enum Fault {
        FREEZE, CUT, KILL
    }

    /** The counter's placement as a member's cluster:apps shows it. */
    record Placement(String primary, String standby, long epoch, String state) {
    }

    /** One timed fail-over: fault to answer, and the coordinator's own figure (view change to started). */
    record Failover(String from, String to, long epoch, double millis, long historyMillis, String via) {
    }

    @Test
    @Order(1)
    void coldFreezeDefaultTimeouts() throws Exception {
        run("replication-cold", DEFAULTS, Fault.FREEZE, true);
    }

    @Test
    @Order(2)
    void warmFreezeDefaultTimeouts() throws Exception {
        run("replication-warm", DEFAULTS, Fault.FREEZE, false);
    }

    @Test
    @Order(3)
    void coldCutDefaultTimeouts() throws Exception {
        run("replication-cold", DEFAULTS, Fault.CUT, false);
    }

    @Test
    @Order(4)
    void coldKillDefaultTimeouts() throws Exception {
        run("replication-cold", DEFAULTS, Fault.KILL, false);
    }

    @Test
    @Order(5)
    void tightestTimeoutsWithoutFalseSuspicionUnderCpuLoad() throws Exception {
        if (tightest != null) {
            note("load study skipped: -Dbench.tight=" + tightest);
            return;
        }
        for (Timeouts candidate : CANDIDATES) {
            if (!survivesLoad(candidate)) {
                break;
            }
            tightest = candidate;
        }
        note("tightest safe timeouts (timeout/interval/verify ms): " + tightest);
    }

    @Test
    @Order(6)
    void coldFreezeTightTimeouts() throws Exception {
        if (tightest != null) {
            run("replication-cold", tightest, Fault.FREEZE, true);
        }
    }

    @Test
    @Order(7)
    void warmFreezeTightTimeouts() throws Exception {
        if (tightest != null) {
            run("replication-warm", tightest, Fault.FREEZE, false);
        }
    }

    @Test
    @Order(8)
    void warmCutDefaultTimeouts() throws Exception {
        run("replication-warm", DEFAULTS, Fault.CUT, false);
    }

    @AfterAll
    static void printReport() {
        System.out.println("\n==== cluster fail-over benchmark ====\n" + String.join("\n", report));
    }

    // ---- one configuration ----------------------------------------------------------------------

    private void run(String scheme, Timeouts timeouts, Fault fault, boolean idleCost) throws Exception {
        String name = scheme.substring("replication-".length()) + " " + fault.name().toLowerCase() + " " + timeouts;
        List<Failover> failovers = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        List<String> unasked = new ArrayList<>();
        try (ClusterOfRuntimes cluster = start(name, scheme, timeouts)) {
            if (idleCost) {
                idleCost(cluster, timeouts);
            }
            for (int i = 0; i < FAILOVERS; i++) {
                awaitSteady(cluster, scheme);
                Failover last = failovers.isEmpty() ? null : failovers.get(failovers.size() - 1);
                Placement now = placement(cluster, "c");
                if (last != null && (now.epoch != last.epoch || !now.primary.equals(last.to))) {
                    // nothing was lost: the cluster moved it on its own while the lost member came back
                    unasked.add("after #" + i + " (" + last.to + ", epoch " + last.epoch + ") it moved to " + now.primary
                            + ", epoch " + now.epoch);
                    System.out.println("BENCH " + name + ": unasked fail-over " + unasked.get(unasked.size() - 1));
                    keepEvidence(cluster, name.replace(' ', '-') + "-unasked-" + i);
                }
                try {
                    Failover failover = failOver(cluster, fault);
                    failovers.add(failover);
                    System.out.printf("BENCH %s #%d: %s -> %s (epoch %d) %.0f ms, history %d ms, answered via %s%n",
                            name, i + 1, failover.from, failover.to, failover.epoch, failover.millis,
                            failover.historyMillis, failover.via);
                } catch (AssertionError e) {
                    failures.add("#" + (i + 1) + ": " + e.getMessage());
                    System.out.println("BENCH " + name + " #" + (i + 1) + " FAILED: " + e.getMessage());
                    keepEvidence(cluster, name.replace(' ', '-') + "-failure-" + (i + 1));
                }
            }
            keepEvidence(cluster, name.replace(' ', '-'));
        }
        note(summary(name, failovers, failures)
                + (unasked.isEmpty() ? "" : "\n  unasked fail-overs during recovery: " + String.join("; ", unasked)));
        assertEquals(List.of(), failures, name + ": fail-overs that did not happen");
    }

    private static ClusterOfRuntimes start(String name, String scheme, Timeouts timeouts) throws Exception {
        Path parent = OUT.resolve(name.replace(' ', '-').replace('/', '_') + "-" + System.nanoTime());
        ClusterOfRuntimes cluster = timeouts.equals(DEFAULTS) ? new ClusterOfRuntimes(parent, scheme)
                : new ClusterOfRuntimes(parent, scheme, timeouts.settings());
        try {
            cluster.startAll();
        } catch (Throwable e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    /**
     * The fault, timed. The faulty member is put back afterwards (resumed, healed or restarted) and
     * has rejoined before this returns, so that the next fail-over again has two members to go to.
     */
    private Failover failOver(ClusterOfRuntimes cluster, Fault fault) throws Exception {
        String survivor = "c".equals(cluster.primaryAsSeenBy("c")) ? "b" : "c";
        Placement before = placement(cluster, survivor);
        String lost = before.primary;
        List<String> via = Arrays.stream(ClusterOfRuntimes.MEMBERS).filter(m -> !m.equals(lost)).toList();
        long runtimePid = cluster.runtime(lost).pid();
        long applicationPid = cluster.applicationPid(lost);
        long t0;
        long answered;
        String answeredVia;
        try (Probe probe = new Probe(cluster, via, before.epoch)) {
            t0 = System.nanoTime();
            switch (fault) {
                case FREEZE -> signal("STOP", runtimePid, applicationPid);
                case CUT -> cluster.cut(lost);
                case KILL -> ProcessHandle.of(runtimePid).ifPresent(ProcessHandle::destroyForcibly);
            }
            answered = probe.await(30);
            answeredVia = probe.via;
        } finally {
            // whatever happened: a frozen application would outlive cluster.close(), and the next fail-over needs the member
            restore(cluster, fault, lost, runtimePid, applicationPid);
        }
        if (answered < 0) {
            throw new AssertionError("no primary above epoch " + before.epoch + " answered within 30 s of losing " + lost
                    + "; " + survivor + " shows " + placement(cluster, survivor));
        }
        Placement after = placement(cluster, survivor);
        return new Failover(lost, after.primary, after.epoch, (answered - t0) / 1e6, historyMillis(cluster, after),
                answeredVia);
    }

    /** Puts the lost member back and waits until all three share one view again with the old primary's application gone. */
    private void restore(ClusterOfRuntimes cluster, Fault fault, String lost, long runtimePid, long applicationPid)
            throws Exception {
        switch (fault) {
            case FREEZE -> signal("CONT", runtimePid, applicationPid);
            case CUT -> cluster.heal(lost);
            case KILL -> {
                TarballRuntime.exits(runtimePid, 10);
                cluster.start(lost);
            }
        }
        if (applicationPid > 0 && !TarballRuntime.exits(applicationPid, 30)) {
            throw new AssertionError("the old primary " + lost + "'s application " + applicationPid + " still runs");
        }
        TarballRuntime.awaitTrue(60, () -> Arrays.stream(ClusterOfRuntimes.MEMBERS).allMatch(m -> view(cluster, m)[1] == 3));
    }

    /** Before a fault: one placement everywhere, running, its standby (warm) up, nothing left of the last fault. */
    private void awaitSteady(ClusterOfRuntimes cluster, String scheme) throws Exception {
        TarballRuntime.awaitTrue(60, () -> {
            List<Placement> seen = new ArrayList<>();
            for (String member : ClusterOfRuntimes.MEMBERS) {
                seen.add(placement(cluster, member));
            }
            Placement first = seen.get(0);
            return first.primary != null && first.state.equals("RUNNING") && seen.stream().allMatch(first::equals)
                    && (scheme.equals("replication-cold") || cluster.applicationPid(first.standby) > 0)
                    && ROLE.matcher(String.valueOf(cluster.request(first.primary, "ROLE"))).find();
        });
        // Starts, joins and the JIT of the last fail-over still take CPU for a while; on two cores
        // that would slow the next one.
        Thread.sleep(2_000);
    }

    // ---- the client -------------------------------------------------------------------------------

    /** Asks ROLE through the given members' forwarders every 15 ms, each on a new connection, round robin. */
    private static final class Probe implements AutoCloseable {
        private final ClusterOfRuntimes cluster;
        private final List<String> members;
        private final long epochBefore;
        private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        private final ExecutorService askers = Executors.newCachedThreadPool();
        private final AtomicInteger next = new AtomicInteger();
        private final AtomicLong first = new AtomicLong(Long.MAX_VALUE);
        private final CountDownLatch answered = new CountDownLatch(1);
        private volatile String via;

        Probe(ClusterOfRuntimes cluster, List<String> members, long epochBefore) {
            this.cluster = cluster;
            this.members = members;
            this.epochBefore = epochBefore;
            // a separate asker per tick: a request held by a frozen host must not delay the next one
            ticker.scheduleAtFixedRate(() -> askers.execute(this::ask), 0, PROBE_EVERY_MS, TimeUnit.MILLISECONDS);
        }

        private void ask() {
            String member = members.get(Math.floorMod(next.getAndIncrement(), members.size()));
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(cluster.address(ClusterOfRuntimes.index(member)),
                        ClusterOfRuntimes.FORWARD_PORT), 250);
                socket.setSoTimeout(500);
                socket.getOutputStream().write("ROLE\n".getBytes(StandardCharsets.UTF_8));
                String line = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))
                        .readLine();
                long now = System.nanoTime();
                Matcher role = line == null ? null : ROLE.matcher(line);
                if (role != null && role.find() && Long.parseLong(role.group(1)) > epochBefore) {
                    if (first.accumulateAndGet(now, Math::min) == now) {
                        via = member;
                    }
                    answered.countDown();
                }
            } catch (IOException e) {
                // nobody serves yet, or the request went to the lost primary: the next tick asks again
            }
        }

        /** When the first answer of a newer primary came ({@code System.nanoTime()}), or -1. */
        long await(long seconds) throws InterruptedException {
            if (!answered.await(seconds, TimeUnit.SECONDS)) {
                return -1;
            }
            Thread.sleep(50); // an earlier request may still be reading its answer
            return first.get();
        }

        @Override
        public void close() {
            ticker.shutdownNow();
            askers.shutdownNow();
        }
    }

    // ---- timeouts under load ----------------------------------------------------------------------

    /**
     * An idle cluster with these timeouts, four busy loops on this two-core machine for a minute: safe
     * if no member's view changed and nothing failed over (a lease not renewed in time counts too).
     */
    private boolean survivesLoad(Timeouts timeouts) throws Exception {
        String name = "load " + timeouts;
        try (ClusterOfRuntimes cluster = start(name, "replication-cold", timeouts)) {
            awaitSteady(cluster, "replication-cold");
            long[] views = views(cluster);
            int failovers = history(cluster, "a").size();
            List<Process> load = new ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) {
                    load.add(new ProcessBuilder("sh", "-c", "while :; do :; done").start());
                }
                Thread.sleep(LOAD_SECONDS * 1000L);
            } finally {
                load.forEach(Process::destroyForcibly);
            }
            Thread.sleep(5_000); // a view change under way when the load stopped completes
            long[] viewsAfter = views(cluster);
            int failoversAfter = history(cluster, "a").size();
            long viewChanges = 0;
            for (int i = 0; i < 3; i++) {
                viewChanges += viewsAfter[i] - views[i];
            }
            keepEvidence(cluster, name.replace(' ', '-').replace('/', '_'));
            note(String.format("%s: %d s of 4 busy loops: view ids %s -> %s (%d changes), %d fail-over(s): %s", name,
                    LOAD_SECONDS, Arrays.toString(views), Arrays.toString(viewsAfter), viewChanges,
                    failoversAfter - failovers, viewChanges == 0 && failoversAfter == failovers ? "SAFE" : "UNSAFE"));
            return viewChanges == 0 && failoversAfter == failovers;
        }
    }

    private static long[] views(ClusterOfRuntimes cluster) {
        return Arrays.stream(ClusterOfRuntimes.MEMBERS).mapToLong(m -> view(cluster, m)[0]).toArray();
    }

    // ---- idle cost ----------------------------------------------------------------------------------

    /**
     * CPU of each runtime's JVM and of the Counter, and the traffic on each member's link, over a
     * minute in which nobody asks anything. For comparison, a runtime from the same tarball without
     * the cluster feature (and without the demo) idles beside it, outside the namespaces.
     */
    private void idleCost(ClusterOfRuntimes cluster, Timeouts timeouts) throws Exception {
        awaitSteady(cluster, "replication-cold");
        TarballRuntime alone = TarballRuntime.unpack(OUT.resolve("alone-" + System.nanoTime()));
        Files.delete(alone.home.resolve("etc/org.swiftft.watch-demo.cfg"));
        assertEquals(0, alone.swiftd("--background").status());
        try {
            Thread.sleep(5_000); // the lone runtime's start-up is not idle
            Map<String, Long> pids = new LinkedHashMap<>();
            for (String member : ClusterOfRuntimes.MEMBERS) {
                pids.put("runtime " + member, cluster.runtime(member).pid());
                long application = cluster.applicationPid(member);
                if (application > 0) {
                    pids.put("counter on " + member, application);
                }
            }
            pids.put("runtime without cluster", alone.pid());
            Map<String, Long> cpu = new LinkedHashMap<>();
            pids.forEach((what, pid) -> cpu.put(what, cpuTicks(pid)));
            List<long[]> links = new ArrayList<>();
            for (String member : ClusterOfRuntimes.MEMBERS) {
                links.add(cluster.linkCounters(member));
            }
            long t0 = System.nanoTime();
            Thread.sleep(IDLE_SECONDS * 1000L);
            double seconds = (System.nanoTime() - t0) / 1e9;
            StringBuilder out = new StringBuilder("idle cost, timeouts " + timeouts + ", " + Math.round(seconds) + " s:\n");
            pids.forEach((what, pid) -> out.append(String.format("  %-24s CPU %6.2f s = %5.2f %% of a core%n", what,
                    (cpuTicks(pid) - cpu.get(what)) / 100.0, (cpuTicks(pid) - cpu.get(what)) / seconds)));
            for (int i = 0; i < 3; i++) {
                long[] now = cluster.linkCounters(ClusterOfRuntimes.MEMBERS[i]);
                long[] was = links.get(i);
                out.append(String.format("  link of %s: sends %7.0f B/s %5.1f pkt/s, receives %7.0f B/s %5.1f pkt/s%n",
                        ClusterOfRuntimes.MEMBERS[i], (now[0] - was[0]) / seconds, (now[1] - was[1]) / seconds,
                        (now[2] - was[2]) / seconds, (now[3] - was[3]) / seconds));
            }
            note(out.toString().stripTrailing());
        } finally {
            alone.kill();
        }
    }

    /** utime + stime of a process, all its threads, in clock ticks (100 a second). */
    private static long cpuTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // fields 14 and 15 of proc(5)
        } catch (IOException e) {
            throw new AssertionError("process " + pid + " is gone: " + e.getMessage());
        }
    }

    // ---- reading the cluster -------------------------------------------------------------------------

    private static Placement placement(ClusterOfRuntimes cluster, String member) throws Exception {
        for (String line : cluster.runtime(member).swift("cluster:apps").output().split("\n")) {
            String[] columns = line.trim().split("\\s+");
            if (columns.length > 7 && columns[0].equals("counter")) {
                return new Placement(columns[3].equals("-") ? null : columns[3], columns[5].equals("-") ? null : columns[5],
                        Long.parseLong(columns[6]), columns[7]);
            }
        }
        return new Placement(null, null, 0, "UNKNOWN");
    }

    /** A member's view id and size, from cluster:members; {-1, 0} if it cannot tell. */
    private static long[] view(ClusterOfRuntimes cluster, String member) {
        try {
            Matcher view = VIEW.matcher(cluster.runtime(member).swift("cluster:members").output());
            return view.find() ? new long[] {Long.parseLong(view.group(1)), Long.parseLong(view.group(2))} : new long[] {-1, 0};
        } catch (Exception e) {
            return new long[] {-1, 0};
        }
    }

    /** The cluster:history rows of the counter as a member keeps them. */
    private static List<String[]> history(ClusterOfRuntimes cluster, String member) throws Exception {
        List<String[]> rows = new ArrayList<>();
        for (String line : cluster.runtime(member).swift("cluster:history", "counter").output().split("\n")) {
            String[] columns = line.trim().split("\\s+");
            if (columns.length > 8 && columns[0].equals("counter")) {
                rows.add(columns);
            }
        }
        return rows;
    }

    /** The MS column of the successful fail-over to {@code after}'s epoch: the view change (or fence) to started. */
    private static long historyMillis(ClusterOfRuntimes cluster, Placement after) throws Exception {
        for (String[] row : history(cluster, after.primary)) {
            if (row[6].equals(Long.toString(after.epoch)) && row[7].equals("SUCCEEDED")) {
                return Long.parseLong(row[8]);
            }
        }
        return -1;
    }

    private static void signal(String signal, long... pids) throws Exception {
        List<String> command = new ArrayList<>(List.of("kill", "-" + signal));
        Arrays.stream(pids).filter(pid -> pid > 0).forEach(pid -> command.add(Long.toString(pid)));
        TarballRuntime.run(OUT.getParent(), 10, command.toArray(String[]::new));
    }

    // ---- the report ------------------------------------------------------------------------------------

    /** Keeps every member's fail-over history and recent log under target/cluster-bench. */
    private static void keepEvidence(ClusterOfRuntimes cluster, String name) throws Exception {
        StringBuilder evidence = new StringBuilder();
        for (String member : ClusterOfRuntimes.MEMBERS) {
            TarballRuntime runtime = cluster.runtime(member);
            evidence.append("==== ").append(member).append("\n").append(runtime.swift("cluster:members").output())
                    .append(runtime.swift("cluster:apps").output()).append(runtime.swift("cluster:history", "counter").output())
                    .append(runtime.swift("log:display", "300").output());
        }
        Files.createDirectories(OUT);
        Files.writeString(OUT.resolve(name.replace('/', '_') + ".evidence.txt"), evidence);
    }

    private static String summary(String name, List<Failover> failovers, List<String> failures) {
        double[] ms = failovers.stream().mapToDouble(Failover::millis).sorted().toArray();
        double[] history = failovers.stream().mapToDouble(Failover::historyMillis).sorted().toArray();
        double[] detection = failovers.stream().mapToDouble(f -> f.millis - f.historyMillis).sorted().toArray();
        return String.format("%-26s n=%2d failed=%d | fault->answer ms: p50 %5.0f p90 %5.0f p99 %5.0f min %5.0f max %5.0f"
                        + " | history MS p50 %5.0f max %5.0f | rest p50 %5.0f max %5.0f%s",
                name, ms.length, failures.size(), rank(ms, 0.50), rank(ms, 0.90), rank(ms, 0.99), rank(ms, 0),
                rank(ms, 1), rank(history, 0.50), rank(history, 1), rank(detection, 0.50), rank(detection, 1),
                failures.isEmpty() ? "" : "\n  failures: " + String.join("\n  ", failures));
    }

    /** Nearest rank: with 20 values p99 is the largest. */
    private static double rank(double[] sorted, double quantile) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.max(0, (int) Math.ceil(quantile * sorted.length) - 1)];
    }

    private static void note(String line) throws IOException {
        System.out.println("BENCH " + line);
        report.add(line);
        Files.createDirectories(OUT);
        Files.writeString(OUT.resolve("results.txt"), line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
