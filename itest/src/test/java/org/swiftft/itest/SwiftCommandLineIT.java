package org.swiftft.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.swiftft.itest.TarballRuntime.Result;

/**
 * bin/swiftd and bin/swift from the real tarball, unpacked in a folder deep enough that the control
 * socket's absolute path is longer than a Unix socket allows.
 */
class SwiftCommandLineIT {

    private TarballRuntime runtime;
    private Path home;

    @BeforeEach
    void unpackTheTarballDeep() throws Exception {
        Path deep = Path.of("target", "cli", "a-folder-name-long-enough-to-matter", "and-another-one-below-it",
                "and-a-third-" + System.nanoTime()).toAbsolutePath();
        runtime = TarballRuntime.unpack(deep);
        home = runtime.home;
        assertTrue(home.resolve("data/swift.sock").toString().length() > 107,
                "the test needs a socket path over the limit: " + home);
    }

    @AfterEach
    void stopWhateverIsLeft() throws Exception {
        if (runtime != null) {
            runtime.kill();
        }
    }

    @Test
    void startCommandFailingCommandShutdown() throws Exception {
        Result started = swiftd("--background");
        assertEquals(0, started.status(), started.output());
        Path socket = home.resolve("data/swift.sock");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
        long pid = Long.parseLong(Files.readString(home.resolve("data/swiftd.pid")).strip());

        Result version = swift("swift:version");
        assertEquals(0, version.status(), version.output());
        assertTrue(version.output().contains("org.apache.felix.framework 7.0.5"), version.output());

        Result features = swift("feature:list");
        assertTrue(features.output().contains("policy") && features.output().contains("yes"), features.output());

        Result failing = swift("feature:install", "no-such-feature");
        assertEquals(1, failing.status(), failing.output());
        assertTrue(failing.output().contains("no feature named 'no-such-feature'"), failing.output());

        Result unknown = swift("no:such-command");
        assertEquals(1, unknown.status(), unknown.output());

        Result shutdown = swift("swift:shutdown");
        assertEquals(0, shutdown.status(), shutdown.output());
        assertTrue(exits(pid, 30), "the runtime exits after swift:shutdown");
        assertFalse(Files.exists(socket), "the socket is removed on a clean stop");

        String audit = Files.readString(home.resolve("data/log/audit.log"));
        assertTrue(audit.contains("user=" + System.getProperty("user.name") + " status=0")
                && audit.contains("command=\"swift:version\""), audit);
        assertTrue(audit.contains("status=1") && audit.contains("no-such-feature"), audit);

        Result noRuntime = swift("swift:version");
        assertEquals(2, noRuntime.status(), noRuntime.output());
        assertTrue(noRuntime.output().contains("no SwiFT runtime is running"), noRuntime.output());
    }

    @Test
    void sigtermStopsTheRuntimeCleanly() throws Exception {
        assertEquals(0, swiftd("--background").status());
        long pid = Long.parseLong(Files.readString(home.resolve("data/swiftd.pid")).strip());
        run(home, 10, "kill", "-TERM", Long.toString(pid));
        assertTrue(exits(pid, 30), "SIGTERM stops the runtime");
        assertFalse(Files.exists(home.resolve("data/swift.sock")));
        assertTrue(Files.readString(home.resolve("data/log/swiftd.out")).contains("started"));
    }

    @Test
    void staleSocketIsReportedThenReplacedBySwiftd() throws Exception {
        assertEquals(0, swiftd("--background").status());
        long pid = Long.parseLong(Files.readString(home.resolve("data/swiftd.pid")).strip());
        run(home, 10, "kill", "-KILL", Long.toString(pid));
        assertTrue(exits(pid, 10));
        assertTrue(Files.exists(home.resolve("data/swift.sock")), "SIGKILL leaves the socket file behind");

        Result stale = swift("swift:version");
        assertEquals(2, stale.status(), stale.output());
        assertTrue(stale.output().contains("stale socket"), stale.output());

        Result restarted = swiftd("--background");
        assertEquals(0, restarted.status(), restarted.output());
        assertEquals(0, swift("swift:version").status());
        assertEquals(0, swift("swift:shutdown").status());
    }

    @Test
    void secondRuntimeInTheSameHomeIsRefused() throws Exception {
        assertEquals(0, swiftd("--background").status());
        Result second = swiftd("--background");
        assertEquals(1, second.status(), second.output());
        assertTrue(second.output().contains("another SwiFT runtime is running or starting"), second.output());
        assertEquals(0, swift("swift:version").status(), "the first runtime is undisturbed");
        assertEquals(0, swift("swift:shutdown").status());
    }

    @Test
    void twoRuntimesStartedTogetherLeaveExactlyOneRunning() throws Exception {
        java.util.concurrent.ExecutorService starters = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            var first = starters.submit(() -> swiftd("--background"));
            var second = starters.submit(() -> swiftd("--background"));
            List<Result> results = List.of(first.get(), second.get());
            assertEquals(1, results.stream().filter(r -> r.status() == 0).count(), results.toString());
            Result refused = results.stream().filter(r -> r.status() != 0).findFirst().orElseThrow();
            assertTrue(refused.output().contains("another SwiFT runtime is running or starting"), refused.output());
        } finally {
            starters.shutdown();
        }
        assertEquals(0, swift("swift:version").status());
        long pid = Long.parseLong(Files.readString(home.resolve("data/swiftd.pid")).strip());
        assertEquals(0, swift("swift:shutdown").status());
        assertTrue(exits(pid, 30));
    }

    @Test
    void bundleDroppedIntoDeployStartsAndTheRuntimeStillStopsCleanly() throws Exception {
        // Config Admin imports this package optionally: installing it makes FileInstall refresh bundles,
        // which must not include FileInstall itself (that deadlocked it).
        Path coordinator = Path.of(System.getProperty("swift.test.bundles"), "org.osgi.service.coordinator-1.0.2.jar");
        assertEquals(0, swiftd("--background").status());
        long pid = Long.parseLong(Files.readString(home.resolve("data/swiftd.pid")).strip());
        Files.copy(coordinator, home.resolve("deploy").resolve(coordinator.getFileName()));
        long deadline = System.currentTimeMillis() + 20_000;
        String bundles = "";
        while (System.currentTimeMillis() < deadline && !bundles.matches("(?s).*Active.*org\\.osgi\\.service\\.coordinator.*")) {
            bundles = swift("lb", "-s").output();
            Thread.sleep(200);
        }
        assertTrue(bundles.matches("(?s).*Active.*org\\.osgi\\.service\\.coordinator.*"), bundles);
        assertEquals(0, swift("swift:shutdown").status());
        assertTrue(exits(pid, 30), "the runtime stops after a deploy/ install");
    }

    @Test
    void watchFileLaunchesItsCommandAndAKilledRuntimeLeavesNoOrphanNorDuplicate() throws Exception {
        Files.writeString(home.resolve("etc/org.swiftft.watch-echoer.cfg"), String.join("\n",
                "command.line = sh -c 'echo \"$GREETING from $SWIFT_APP\"; sleep 60 & wait'",
                "environment = GREETING='hello world'",
                "stop.grace.ms = 1000", ""));
        assertEquals(0, swiftd("--background").status());
        long runtime = Long.parseLong(Files.readString(home.resolve("data/swiftd.pid")).strip());
        long shell = awaitPid("echoer");
        Path log = home.resolve("data/log/echoer.log");
        awaitTrue(() -> Files.exists(log) && Files.readString(log).contains("hello world from echoer"));
        awaitTrue(() -> ProcessHandle.of(shell).map(h -> h.children().count() == 1).orElse(false));
        ProcessHandle sleeper = ProcessHandle.of(shell).get().children().findFirst().orElseThrow();

        run(home, 10, "kill", "-KILL", Long.toString(runtime));
        assertTrue(exits(runtime, 10));
        awaitTrue(() -> !ProcessHandle.of(shell).map(ProcessHandle::isAlive).orElse(false)); // parent-death signal
        assertTrue(sleeper.isAlive(), "its child lives on in the group until a runtime cleans up");

        assertEquals(0, swiftd("--background").status());
        awaitTrue(() -> !sleeper.isAlive());
        long relaunched = awaitPid("echoer");
        assertTrue(relaunched != shell);
        assertEquals(0, swift("swift:shutdown").status());
    }

    @Test
    void selfRegisteredApplicationOutlivesAKilledRuntimeAndRegistersAgain() throws Exception {
        assertEquals(0, swiftd("--background").status());
        long demo = awaitPid("demo");
        // where libft finds the runtime: the home is too deep for a Unix socket path, so it is elsewhere
        String control = environmentOf(demo).get("SWIFT_CONTROL");
        assertTrue(control != null && !control.startsWith(home.toString()), "SWIFT_CONTROL=" + control);

        Process registered = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dswift.control=" + control, "-cp", jar("org.swiftft.libft") + ":" + jar("org.swiftft.demo"),
                "org.swiftft.demo.Demo", "--register", "mydemo")
                .redirectErrorStream(true).redirectOutput(home.resolve("mydemo.out").toFile()).start();
        try {
            assertEquals(registered.pid(), awaitPid("mydemo"));
            Result stats = swift("app:request", "mydemo", "STATS");
            assertEquals(0, stats.status(), stats.output());
            assertTrue(stats.output().contains("requests served"), stats.output());

            long runtime = Long.parseLong(Files.readString(home.resolve("data/swiftd.pid")).strip());
            run(home, 10, "kill", "-KILL", Long.toString(runtime));
            assertTrue(exits(runtime, 10));
            assertTrue(registered.isAlive(), "not the runtime's child: it lives on");
            assertEquals(0, swiftd("--background").status());
            assertEquals(registered.pid(), awaitPid("mydemo"), "registered again by libft once the runtime is back");

            registered.destroyForcibly();
            long relaunched = awaitPid("mydemo", registered.pid());
            long newRuntime = Long.parseLong(Files.readString(home.resolve("data/swiftd.pid")).strip());
            assertEquals(newRuntime, ProcessHandle.of(relaunched).flatMap(ProcessHandle::parent).map(ProcessHandle::pid).orElse(-1L),
                    "restarted from its command line as the runtime's child");
            assertEquals(0, swift("swift:shutdown").status());
            assertTrue(exits(relaunched, 30), "a child stops with the runtime");
        } finally {
            registered.destroyForcibly();
        }
    }

    @Test
    void simulationKilledAtRandomUnderTheDetectorFinishesWithTheUninterruptedResult() throws Exception {
        String classPath = jar("org.swiftft.libft") + ":" + jar("org.swiftft.demo");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> arguments = List.of("--messages", "3000", "--pause-ms", "2");
        Path reference = home.resolve("reference-state");
        List<String> uninterrupted = new ArrayList<>(List.of(java, "-cp", classPath, "org.swiftft.demo.Simulation"));
        uninterrupted.addAll(arguments);
        uninterrupted.addAll(List.of("--state", reference.toString()));
        Process alone = new ProcessBuilder(uninterrupted).redirectErrorStream(true)
                .redirectOutput(home.resolve("reference.out").toFile()).start();
        try {
            awaitTrue(() -> Files.exists(reference.resolve("result")));
        } finally {
            alone.destroyForcibly();
        }
        String expected = Files.readString(reference.resolve("result")).strip();

        // the shipped policy escalates at 5 failures a minute; a campaign of kills wants a restart every time
        Files.writeString(home.resolve("scripts/always-restart.groovy"), String.join("\n",
                "import org.swiftft.policy.*",
                "class AlwaysRestart implements RestartPolicy {",
                "    RestartDecision onFailure(FailureContext failure) { RestartDecision.restartAfter(0, 'killed on purpose') }",
                "}", ""));
        Files.writeString(home.resolve("etc/org.swiftft.watch-simulation.cfg"), String.join("\n",
                "command.line = " + java + " -cp " + classPath + " org.swiftft.demo.Simulation " + String.join(" ", arguments),
                "policy = always-restart", "heartbeat.timeout.ms = 5000", "stop.grace.ms = 1000", ""));
        assertEquals(0, swiftd("--background").status());
        Path result = home.resolve("state/simulation/result");
        java.util.Random random = new java.util.Random(42);
        int kills = 0;
        while (kills < Integer.getInteger("simulation.kills", 8) && !Files.exists(result)) {
            long pid = awaitPid("simulation");
            Thread.sleep(300 + random.nextInt(700)); // some messages applied, maybe a checkpoint taken
            if (run(home, 10, "kill", "-KILL", Long.toString(pid)).status() == 0) {
                kills++;
            }
        }
        awaitTrue(() -> Files.exists(result) && !Files.readString(result).isBlank());

        assertTrue(kills >= 4, "the campaign killed it " + kills + " times before it finished");
        assertEquals(expected, Files.readString(result).strip(), "killed " + kills + " times, the same result");
        assertEquals(kills, swift("app:history", "simulation").output().lines().filter(line -> line.contains("CRASHED")).count());
        Result take = swift("checkpoint:take", "simulation");
        assertEquals(0, take.status(), take.output());
        assertTrue(take.output().contains("simulation"), take.output());
        Result list = swift("checkpoint:list", "simulation");
        assertTrue(list.output().contains("full") || list.output().contains("incremental"), list.output());
        Result journals = swift("journal:list");
        assertTrue(journals.output().contains("inputs"), journals.output());
        assertEquals(0, swift("swift:shutdown").status());
    }

    private static java.util.Map<String, String> environmentOf(long pid) throws IOException {
        java.util.Map<String, String> variables = new java.util.HashMap<>();
        for (String entry : Files.readString(Path.of("/proc", Long.toString(pid), "environ")).split("\0")) {
            int equals = entry.indexOf('=');
            if (equals > 0) {
                variables.put(entry.substring(0, equals), entry.substring(equals + 1));
            }
        }
        return variables;
    }

    private long awaitPid(String application) throws Exception {
        return awaitPid(application, -1);
    }

    /** The pid of the application once RUNNING (under a pid other than {@code not}). */
    private long awaitPid(String application, long not) throws Exception {
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline) {
            for (String line : swift("app:list").output().split("\n")) {
                String[] columns = line.trim().split("\\s+");
                if (columns.length > 2 && columns[0].equals(application) && columns[1].equals("RUNNING")
                        && Long.parseLong(columns[2]) != not) {
                    return Long.parseLong(columns[2]);
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError(application + " did not run within 20 s:\n" + swift("app:list").output());
    }

    @Test
    void unknownBootFeatureNamesTheFileAndTheFeature() throws Exception {
        Files.writeString(home.resolve("etc/swift.properties"), "swift.features.boot = runtime, sheel\n");
        Result started = swiftd("--background");
        assertEquals(1, started.status(), started.output());
        assertTrue(started.output().contains("etc/swift.properties") && started.output().contains("'sheel'"),
                started.output());
    }

    @Test
    void malformedConfigFileIsReportedAndTheRuntimeKeepsRunning() throws Exception {
        assertEquals(0, swiftd("--background").status());
        Files.writeString(home.resolve("etc/org.swiftft.broken.cfg"), "count = I\"not-a-number\"\n");
        long deadline = System.currentTimeMillis() + 20_000;
        String log = "";
        while (System.currentTimeMillis() < deadline && !log.contains("org.swiftft.broken.cfg")) {
            log = swift("log:display", "200").output();
            Thread.sleep(200);
        }
        assertTrue(log.contains("org.swiftft.broken.cfg"), "the log names the bad file:\n" + log);
        assertEquals(0, swift("swift:version").status());
        assertEquals(0, swift("swift:shutdown").status());
    }

    private Path jar(String artifact) throws IOException {
        return runtime.jar(artifact);
    }

    private Result swiftd(String... args) throws Exception {
        return runtime.swiftd(args);
    }

    private Result swift(String... args) throws Exception {
        return runtime.swift(args);
    }

    private static boolean exits(long pid, long seconds) throws InterruptedException {
        return TarballRuntime.exits(pid, seconds);
    }

    private static void awaitTrue(TarballRuntime.Check check) throws Exception {
        TarballRuntime.awaitTrue(check);
    }

    private static Result run(Path directory, long timeoutSeconds, String... command) throws IOException, InterruptedException {
        return TarballRuntime.run(directory, timeoutSeconds, command);
    }
}
