package org.swiftft.detector.internal;

import static org.swiftft.detector.internal.TestEnvironment.await;
import static org.swiftft.detector.internal.TestEnvironment.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.swiftft.detector.ApplicationDTO;
import org.swiftft.detector.DetectorConstants;
import org.swiftft.detector.HistoryEntryDTO;
import org.swiftft.detector.WatchSpec;
import org.swiftft.heartbeat.HeartbeatDeadlines;
import org.swiftft.policy.FailureContext;
import org.swiftft.policy.RestartDecision;

/** Real processes, real signals; the restart policy is the test's, given through the environment. */
class SupervisorTest {

    @TempDir
    Path data;

    private final TestEnvironment environment = new TestEnvironment();
    private final BlockingQueue<String> topics = environment.topics;
    private final BlockingQueue<FailureContext> failures = environment.failures;
    private Supervisor supervisor;

    @AfterEach
    void stop() {
        supervisor.close();
    }

    @Test
    void crashIsAVerdictWithItsExitCodeAndThePolicyDecidesTheRestart() throws Exception {
        environment.policy = (name, failure) -> failure.consecutive() == 1 ? RestartDecision.restartAfter(0, "once")
                : RestartDecision.stop("enough");
        supervisor = supervisor();
        supervisor.watch(spec("crasher", "sh", "-c", "exit 3"), ApplicationDTO.Origin.COMMAND);
        FailureContext first = failures.poll(10, TimeUnit.SECONDS);
        assertEquals("CRASH", first.verdict());
        assertTrue(first.detail().contains("status 3"), first.detail());
        FailureContext second = failures.poll(10, TimeUnit.SECONDS);
        assertEquals(2, second.consecutive());
        await(() -> state("crasher") == ApplicationDTO.State.FAILED);
        assertEquals(1, supervisor.application("crasher").get().restarts);
        assertTrue(supervisor.application("crasher").get().reason.contains("enough"));
        List<HistoryEntryDTO.Type> history = supervisor.history("crasher").stream().map(h -> h.type).toList();
        assertEquals(List.of(HistoryEntryDTO.Type.STARTED, HistoryEntryDTO.Type.CRASHED, HistoryEntryDTO.Type.RESTARTED,
                HistoryEntryDTO.Type.STARTED, HistoryEntryDTO.Type.CRASHED, HistoryEntryDTO.Type.FAILED), history);
        assertTrue(topics.contains(DetectorConstants.TOPIC_CRASHED) && topics.contains(DetectorConstants.TOPIC_RESTARTED));
    }

    @Test
    void killedProcessIsRestartedAndTheVerdictNamesTheSignal() throws Exception {
        supervisor = supervisor();
        long first = supervisor.watch(spec("sleeper", "sleep", "60"), ApplicationDTO.Origin.COMMAND).pid;
        awaitExec(first, "sleep");
        ProcessGroups.signal(first, "KILL");
        FailureContext failure = failures.poll(10, TimeUnit.SECONDS);
        assertTrue(failure.detail().contains("SIGKILL"), failure.detail());
        await(() -> pid("sleeper") > 0 && pid("sleeper") != first);
        assertTrue(ProcessHandle.of(pid("sleeper")).map(ProcessHandle::isAlive).orElse(false));
        assertEquals("SIGKILL", supervisor.application("sleeper").get().lastVerdict.signal);
    }

    /**
     * Until the child runs {@code program}: a signal sent between fork and exec reaches the launcher
     * (the JDK's spawn helper, setsid, setpriv), and the launch fails rather than the program crashing.
     */
    private static void awaitExec(long pid, String program) throws Exception {
        Path cmdline = Path.of("/proc", Long.toString(pid), "cmdline");
        await(() -> {
            try {
                return Files.readString(cmdline).split("\0")[0].endsWith(program);
            } catch (java.io.IOException e) {
                return false;
            }
        });
    }

    @Test
    void segmentationFaultIsACrashNamingSIGSEGV() throws Exception {
        supervisor = supervisor();
        long first = supervisor.watch(spec("faulty", "sleep", "60"), ApplicationDTO.Origin.COMMAND).pid;
        awaitExec(first, "sleep");
        ProcessGroups.signal(first, "SEGV"); // what the kernel sends on an invalid memory access

        FailureContext failure = failures.poll(10, TimeUnit.SECONDS);
        assertEquals("CRASH", failure.verdict());
        assertTrue(failure.detail().contains("SIGSEGV"), failure.detail());
        assertEquals("SIGSEGV", supervisor.application("faulty").get().lastVerdict.signal);
    }

    @Test
    void stopOnPurposeIsNoFailureAndTakesTheWholeProcessGroup() throws Exception {
        supervisor = supervisor();
        long leader = supervisor.watch(spec("family", "sh", "-c", "sleep 60 & sleep 60; wait"),
                ApplicationDTO.Origin.COMMAND).pid;
        await(() -> ProcessHandle.of(leader).map(h -> h.children().count() == 2).orElse(false));
        List<ProcessHandle> children = ProcessHandle.of(leader).get().children().toList();
        ApplicationDTO stopped = supervisor.stop("family").toCompletableFuture().get(20, TimeUnit.SECONDS);
        assertEquals(ApplicationDTO.State.STOPPED, stopped.state);
        await(() -> children.stream().noneMatch(ProcessHandle::isAlive));
        assertTrue(failures.isEmpty(), "a stop on purpose is not a failure");
        assertFalse(supervisor.history("family").stream().anyMatch(h -> h.type == HistoryEntryDTO.Type.CRASHED));

        long again = supervisor.start("family").toCompletableFuture().get(20, TimeUnit.SECONDS).pid;
        assertNotEquals(leader, again);
        assertEquals(ApplicationDTO.State.RUNNING, state("family"));
    }

    @Test
    void whatACrashedLeaderStartedDiesWithItSoARestartDoesNotRunItTwice() throws Exception {
        environment.policy = (name, failure) -> RestartDecision.stop("look, don't restart");
        supervisor = supervisor();
        long leader = supervisor.watch(spec("forker", "sh", "-c", "sleep 60 & echo $! > worker.pid; sleep 0.5; exit 1"),
                ApplicationDTO.Origin.COMMAND).pid;
        await(() -> state("forker") == ApplicationDTO.State.FAILED);
        long worker = Long.parseLong(Files.readString(data.resolve("worker.pid")).strip());
        await(() -> ProcessHandle.of(worker).map(h -> !h.isAlive()).orElse(true));
        assertFalse(Files.exists(data.resolve("run/forker.pid")), "no launch record once the group is gone");
        assertNotEquals(leader, worker);
    }

    @Test
    void groupsLeftByAKilledRuntimeAreKilledByTheNextOne() throws Exception {
        supervisor = supervisor();
        Path run = data.resolve("run");
        Process leader = ProcessGroups.launch(List.of("sh", "-c", "sleep 60 & echo $! > orphan.pid; wait"), Map.of(),
                data, data.resolve("orphan.log"));
        new LaunchRecords(run).launched("orphaned", leader.toHandle());
        await(() -> Files.exists(data.resolve("orphan.pid")));
        long orphan = Long.parseLong(Files.readString(data.resolve("orphan.pid")).strip());
        leader.destroyForcibly().waitFor(); // the leader dies alone, as with a killed runtime: its child lives on
        assertTrue(ProcessHandle.of(orphan).map(ProcessHandle::isAlive).orElse(false));

        new Supervisor(data.resolve("log"), data, "", environment).close();
        await(() -> ProcessHandle.of(orphan).map(h -> !h.isAlive()).orElse(true));
        assertFalse(Files.exists(run.resolve("orphaned.pid")));
    }

    @Test
    void flappingApplicationBacksOffThenTheBuiltInDefaultStopsItAtTheThreshold() throws Exception {
        environment.policy = (name, failure) -> BuiltInRestartPolicy.decide(failure, "test");
        supervisor = supervisor();
        long started = System.nanoTime();
        supervisor.watch(spec("flapper", "sh", "-c", "exit 1"), ApplicationDTO.Origin.COMMAND);
        await(() -> state("flapper") == ApplicationDTO.State.FAILED);
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        ApplicationDTO flapper = supervisor.application("flapper").get();
        assertEquals(4, flapper.restarts, "restarted after failures 1 to 4, stopped at the 5th");
        assertTrue(flapper.reason.contains("5 failures"), flapper.reason);
        assertTrue(tookMs >= 100 + 200 + 400, "backed off 0, 100, 200, 400 ms: took " + tookMs + " ms");
    }

    @Test
    void failoverWithoutAClusterFailsTheApplicationSayingWhy() throws Exception {
        environment.policy = (name, failure) -> RestartDecision.failover("too many");
        supervisor = supervisor();
        supervisor.watch(spec("mover", "sh", "-c", "exit 2"), ApplicationDTO.Origin.COMMAND);
        await(() -> state("mover") == ApplicationDTO.State.FAILED);
        assertTrue(supervisor.application("mover").get().reason.contains("not clustered"));
        assertTrue(topics.contains(DetectorConstants.TOPIC_ESCALATED));
    }

    @Test
    void aHeldApplicationRunsOnlyWhenStartedWithItsRoleAndKeepsItAcrossRestarts() throws Exception {
        Path out = data.resolve("role");
        environment.policy = (name, failure) -> RestartDecision.restartAfter(0, "again");
        supervisor = supervisor();
        WatchSpec spec = spec("held", "sh", "-c", "echo $SWIFT_ROLE >> " + out + "; sleep 0.2; exit 3");
        spec.held = true;
        supervisor.watch(spec, ApplicationDTO.Origin.CONFIGURATION);
        Thread.sleep(300);
        assertEquals(ApplicationDTO.State.STOPPED, state("held"));
        assertFalse(Files.exists(out), "a held application must not be launched by watching it");
        java.util.concurrent.ExecutionException refused = assertThrows(java.util.concurrent.ExecutionException.class,
                () -> supervisor.start("held").toCompletableFuture().get());
        assertTrue(refused.getCause().getMessage().contains("is clustered"), refused.getCause().getMessage());
        supervisor.start("held", Map.of("SWIFT_ROLE", "standby")).toCompletableFuture().get();
        await(() -> Files.exists(out) && Files.readAllLines(out).size() >= 2);
        assertEquals(List.of("standby", "standby"), Files.readAllLines(out).subList(0, 2));
    }

    @Test
    void failoverOfAHeldApplicationGoesToTheCluster() throws Exception {
        BlockingQueue<String> escalated = new java.util.concurrent.LinkedBlockingQueue<>();
        environment.failover = new org.swiftft.cluster.FailoverCoordinator() {
            @Override
            public List<org.swiftft.cluster.ClusteredApplicationDTO> applications() {
                return List.of();
            }

            @Override
            public java.util.Optional<org.swiftft.cluster.ClusteredApplicationDTO> application(String name) {
                return java.util.Optional.empty();
            }

            @Override
            public java.util.concurrent.CompletionStage<org.swiftft.cluster.FailoverDTO> failover(String a, String t) {
                throw new UnsupportedOperationException();
            }

            @Override
            public java.util.concurrent.CompletionStage<org.swiftft.cluster.FailoverDTO> escalate(String a, String reason) {
                escalated.add(a + ": " + reason);
                return java.util.concurrent.CompletableFuture.completedFuture(new org.swiftft.cluster.FailoverDTO());
            }

            @Override
            public List<org.swiftft.cluster.FailoverDTO> history(String a) {
                return List.of();
            }
        };
        environment.policy = (name, failure) -> RestartDecision.failover("too many");
        supervisor = supervisor();
        WatchSpec spec = spec("mover", "sh", "-c", "exit 2");
        spec.held = true;
        supervisor.watch(spec, ApplicationDTO.Origin.CONFIGURATION);
        supervisor.start("mover", Map.of()).toCompletableFuture().get();
        String call = escalated.poll(20, java.util.concurrent.TimeUnit.SECONDS);
        assertNotNull(call, "the cluster was not asked to move it");
        assertTrue(call.startsWith("mover: "), call);
        assertTrue(supervisor.application("mover").get().reason.contains("the cluster moves it"));
    }

    @Test
    void rebootRunsTheConfiguredCommandAndNothingElse() throws Exception {
        environment.policy = (name, failure) -> RestartDecision.reboot("threshold");
        Path marker = data.resolve("rebooted");
        supervisor = new Supervisor(data.resolve("log"), data, "touch " + marker, environment);
        supervisor.watch(spec("rebooter", "sh", "-c", "exit 2"), ApplicationDTO.Origin.COMMAND);
        await(() -> state("rebooter") == ApplicationDTO.State.FAILED);
        await(() -> Files.exists(marker));
    }

    @Test
    void serverThatStopsAnsweringItsHttpProbeIsHungAndRestarted() throws Exception {
        java.util.concurrent.atomic.AtomicBoolean healthy = new java.util.concurrent.atomic.AtomicBoolean(true);
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/health", exchange -> {
            byte[] body = "ok".getBytes();
            exchange.sendResponseHeaders(healthy.get() ? 200 : 503, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            supervisor = supervisor();
            WatchSpec spec = spec("served", "sleep", "60");
            org.swiftft.detector.ProbeSpec probe = new org.swiftft.detector.ProbeSpec();
            probe.type = org.swiftft.detector.ProbeSpec.Type.HTTP;
            probe.target = "http://127.0.0.1:" + server.getAddress().getPort() + "/health";
            probe.intervalMillis = 50;
            probe.timeoutMillis = 1000;
            probe.failureThreshold = 3;
            probe.startGraceMillis = 0;
            spec.probes = List.of(probe);
            long first = supervisor.watch(spec, ApplicationDTO.Origin.COMMAND).pid;
            Thread.sleep(500);
            assertTrue(failures.isEmpty(), "a passing probe is no failure");
            healthy.set(false);
            FailureContext failure = failures.poll(10, TimeUnit.SECONDS);
            assertEquals("HANG", failure.verdict());
            assertTrue(failure.detail().contains("503"), failure.detail());
            healthy.set(true);
            await(() -> pid("served") > 0 && pid("served") != first);
            assertEquals(org.swiftft.detector.VerdictDTO.Lateness.PROBE,
                    supervisor.application("served").get().lastVerdict.lateness);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void applicationRunsAsTheConfiguredUserWithItsLimits() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
                "switching users needs root, which this machine's tests run as");
        environment.policy = (name, failure) -> RestartDecision.stop("done");
        supervisor = supervisor();
        Files.setPosixFilePermissions(data, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        WatchSpec spec = spec("limited", "sh", "-c", "echo \"$(id -un) $(ulimit -n) $(ulimit -c)\"");
        spec.user = "nobody";
        spec.limits = Map.of("nofile", 77L, "core", 0L);
        supervisor.watch(spec, ApplicationDTO.Origin.COMMAND);
        await(() -> state("limited") == ApplicationDTO.State.FAILED);
        String log = Files.readString(data.resolve("log/limited.log"));
        assertTrue(log.contains("nobody 77 0"), log);
    }

    @Test
    void unknownUserIsRefusedByName() {
        org.junit.jupiter.api.Assumptions.assumeTrue("root".equals(System.getProperty("user.name")));
        supervisor = supervisor();
        WatchSpec spec = spec("stranger", "sleep", "1");
        spec.user = "no-such-user-here";
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> supervisor.watch(spec, ApplicationDTO.Origin.COMMAND));
        assertTrue(error.getMessage().contains("no-such-user-here"), error.getMessage());
    }

    @Test
    void restartOnPurposeReturnsPromptlyWithANewProcessAndOthersAreNotHeldUp() throws Exception {
        supervisor = supervisor();
        long first = supervisor.watch(spec("restarted", "sleep", "60"), ApplicationDTO.Origin.COMMAND).pid;
        long other = supervisor.watch(spec("bystander", "sleep", "60"), ApplicationDTO.Origin.COMMAND).pid;
        long started = System.nanoTime();
        ApplicationDTO restarted = supervisor.restart("restarted").toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) < 5000, "restart took too long");
        assertNotEquals(first, restarted.pid);
        assertEquals(ApplicationDTO.State.RUNNING, restarted.state);
        ProcessGroups.signal(other, "KILL");
        assertNotNull(failures.poll(5, TimeUnit.SECONDS), "the bystander's crash is seen meanwhile");
        assertTrue(failures.isEmpty(), "an operator's restart is no failure");
    }

    @Test
    void startWhileStoppingStartsOnceTheStopIsDone() throws Exception {
        supervisor = supervisor();
        WatchSpec spec = spec("stubborn", "sh", "-c", "trap '' TERM; sleep 60 & wait");
        spec.stopGraceMillis = 1000;
        long first = supervisor.watch(spec, ApplicationDTO.Origin.COMMAND).pid;
        await(() -> ProcessHandle.of(first).map(h -> h.children().count() == 1).orElse(false));
        var stopping = supervisor.stop("stubborn").toCompletableFuture();
        ApplicationDTO started = supervisor.start("stubborn").toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertTrue(stopping.isDone(), "the start waited for the stop");
        assertNotEquals(first, started.pid);
        assertEquals(ApplicationDTO.State.RUNNING, started.state);
    }

    @Test
    void frozenProcessIsStoppedWithoutWaitingOutItsGrace() throws Exception {
        supervisor = supervisor();
        WatchSpec spec = spec("frozen", "sleep", "60");
        spec.stopGraceMillis = 20_000;
        long pid = supervisor.watch(spec, ApplicationDTO.Origin.COMMAND).pid;
        awaitExec(pid, "sleep");
        ProcessGroups.signal(pid, "STOP");
        long started = System.nanoTime();
        supervisor.stop("frozen").toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) < 5000,
                "SIGCONT after SIGTERM: the stopped process ends at once");
    }

    @Test
    void applicationWaitsForWhatItDependsOn() throws Exception {
        supervisor = supervisor();
        WatchSpec web = spec("web", "sleep", "60");
        web.dependsOn = List.of("db");
        assertEquals(ApplicationDTO.State.WAITING, supervisor.watch(web, ApplicationDTO.Origin.COMMAND).state);
        assertTrue(supervisor.application("web").get().reason.contains("db"));
        supervisor.watch(spec("db", "sleep", "60"), ApplicationDTO.Origin.COMMAND);
        await(() -> state("web") == ApplicationDTO.State.RUNNING);
    }

    @Test
    void inMaintenanceAFailureIsRecordedButNotRecovered() throws Exception {
        supervisor = supervisor();
        long pid = supervisor.watch(spec("serviced", "sleep", "60"), ApplicationDTO.Origin.COMMAND).pid;
        supervisor.maintenance("serviced", true);
        awaitExec(pid, "sleep");
        ProcessGroups.signal(pid, "KILL");
        await(() -> state("serviced") == ApplicationDTO.State.STOPPED);
        assertTrue(supervisor.application("serviced").get().reason.startsWith("maintenance"));
        assertTrue(supervisor.history("serviced").stream().anyMatch(h -> h.type == HistoryEntryDTO.Type.CRASHED));
        assertEquals(0, supervisor.application("serviced").get().restarts);
    }

    @Test
    void forkingDaemonIsFollowedThroughItsPidFile() throws Exception {
        supervisor = supervisor();
        Path pidFile = data.resolve("forky.pid");
        WatchSpec spec = spec("forky", "sh", "-c", "sleep 60 & echo $! > " + pidFile + "; exit 0");
        spec.pidFile = pidFile.toString();
        long launcher = supervisor.watch(spec, ApplicationDTO.Origin.COMMAND).pid;
        await(() -> Files.exists(pidFile) && pid("forky") != launcher && pid("forky") > 0);
        long daemon = pid("forky");
        assertEquals(Long.parseLong(Files.readString(pidFile).strip()), daemon);
        assertTrue(failures.isEmpty(), "the launcher's exit 0 is how a forking daemon starts, not a crash");

        ProcessGroups.signalProcess(daemon, "KILL");
        FailureContext failure = failures.poll(10, TimeUnit.SECONDS);
        assertNotNull(failure, "the daemon's death is a crash, though it is not our child");
        assertTrue(failure.detail().contains("daemon"), failure.detail());
        await(() -> pid("forky") != daemon && pid("forky") == pidIn(pidFile));
        long second = pid("forky");
        supervisor.stop("forky").toCompletableFuture().get(10, TimeUnit.SECONDS);
        await(() -> ProcessHandle.of(second).map(h -> !h.isAlive()).orElse(true));
    }

    @Test
    void stopWhileThePidFileIsAwaitedLeavesNoDaemonBehind() throws Exception {
        supervisor = supervisor();
        Path pidFile = data.resolve("slow.pid");
        // The launcher ends at once; its daemon writes the pid file a second later.
        WatchSpec spec = spec("slowd", "sh", "-c", "(sleep 1; sleep 60 & echo $! > " + pidFile + "; wait) & exit 0");
        spec.pidFile = pidFile.toString();
        spec.stopGraceMillis = 500;
        supervisor.watch(spec, ApplicationDTO.Origin.COMMAND);
        Thread.sleep(300);
        supervisor.stop("slowd").toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertEquals(ApplicationDTO.State.STOPPED, state("slowd"));
        Thread.sleep(1500);
        long written = pidIn(pidFile);
        assertTrue(written < 0 || ProcessHandle.of(written).map(h -> !h.isAlive()).orElse(true),
                "the daemon of a stopped application does not live on");
        assertEquals(ApplicationDTO.State.STOPPED, state("slowd"));
        assertTrue(failures.isEmpty());
    }

    @Test
    void pidFileNamingAProcessOlderThanTheLaunchIsNotTrusted() throws Exception {
        environment.policy = (name, failure) -> RestartDecision.stop("untrusted");
        Process bystander = new ProcessBuilder("sleep", "60").start();
        try {
            Thread.sleep(2500); // clearly older than the launch
            supervisor = supervisor();
            Path pidFile = data.resolve("liar.pid");
            WatchSpec spec = spec("liar", "sh", "-c", "echo " + bystander.pid() + " > " + pidFile + "; exit 0");
            spec.pidFile = pidFile.toString();
            spec.startTimeoutMillis = 1000;
            supervisor.watch(spec, ApplicationDTO.Origin.COMMAND);
            FailureContext failure = failures.poll(10, TimeUnit.SECONDS);
            assertNotNull(failure);
            assertTrue(failure.detail().contains("no live process started by it"), failure.detail());
            assertTrue(bystander.isAlive(), "an unrelated process named in a pid file is never signalled");
        } finally {
            bystander.destroyForcibly();
        }
    }

    @Test
    void dependencyCycleIsRefusedWithTheCycle() {
        supervisor = supervisor();
        WatchSpec a = spec("a", "sleep", "60");
        a.dependsOn = List.of("b");
        supervisor.watch(a, ApplicationDTO.Origin.COMMAND);
        WatchSpec b = spec("b", "sleep", "60");
        b.dependsOn = List.of("a");
        IllegalArgumentException cycle = assertThrows(IllegalArgumentException.class,
                () -> supervisor.watch(b, ApplicationDTO.Origin.COMMAND));
        assertTrue(cycle.getMessage().contains("b -> a -> b"), cycle.getMessage());
    }

    @Test
    void unknownLimitNameIsRefusedBeforeAnythingRuns() {
        supervisor = supervisor();
        WatchSpec spec = spec("typo", "sleep", "1");
        spec.limits = Map.of("nofiles", 10L);
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> supervisor.watch(spec, ApplicationDTO.Origin.COMMAND));
        assertTrue(error.getMessage().contains("nofiles") && error.getMessage().contains("nofile,"), error.getMessage());
    }

    @Test
    void outputGoesToTheApplicationsLog() throws Exception {
        environment.policy = (name, failure) -> RestartDecision.stop("done");
        supervisor = supervisor();
        supervisor.watch(spec("talker", "sh", "-c", "echo hello from talker; echo oops >&2; exit 1"),
                ApplicationDTO.Origin.COMMAND);
        await(() -> state("talker") == ApplicationDTO.State.FAILED);
        String log = Files.readString(data.resolve("log/talker.log"));
        assertTrue(log.contains("hello from talker") && log.contains("oops"), log);
    }

    @Test
    void badSpecsAreRefusedWithWhatIsWrong() {
        supervisor = supervisor();
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> supervisor.watch(spec("ghost", "no-such-program-here"), ApplicationDTO.Origin.COMMAND));
        assertTrue(missing.getMessage().contains("no-such-program-here"), missing.getMessage());
        IllegalArgumentException badName = assertThrows(IllegalArgumentException.class,
                () -> supervisor.watch(spec("../etc", "sleep", "1"), ApplicationDTO.Origin.COMMAND));
        assertTrue(badName.getMessage().contains("../etc"), badName.getMessage());
        assertTrue(supervisor.applications().isEmpty());
    }

    private Supervisor supervisor() {
        return new Supervisor(data.resolve("log"), data, "", environment);
    }

    private ApplicationDTO.State state(String name) {
        return supervisor.application(name).map(a -> a.state).orElse(null);
    }

    private static long pidIn(Path file) {
        try {
            return Long.parseLong(Files.readString(file).strip());
        } catch (java.io.IOException | NumberFormatException e) {
            return -2;
        }
    }

    private long pid(String name) {
        return supervisor.application(name).map(a -> a.pid).orElse(-1L);
    }

}
