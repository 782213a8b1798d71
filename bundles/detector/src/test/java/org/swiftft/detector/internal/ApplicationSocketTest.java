package org.swiftft.detector.internal;

import static org.swiftft.detector.internal.TestEnvironment.await;
import static org.swiftft.detector.internal.TestEnvironment.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.swiftft.detector.ApplicationDTO;
import org.swiftft.detector.ApplicationRequestException;
import org.swiftft.detector.DetectorConstants;
import org.swiftft.detector.WatchSpec;
import org.swiftft.libft.runtime.wire.LineChannel;
import org.swiftft.policy.RestartDecision;

/** libft's connection, both ends real: child JVMs using RuntimeConnection, a real Unix socket, real signals. */
class ApplicationSocketTest {

    @TempDir
    Path home;

    private final TestEnvironment environment = new TestEnvironment();
    private final List<Process> strays = new ArrayList<>();
    private Supervisor supervisor;
    private ApplicationSocket socket;
    private boolean closed;

    @BeforeEach
    void start() throws IOException {
        Files.createDirectories(home.resolve("data"));
        supervisor = new Supervisor(home.resolve("data/log"), home.resolve("data"), "", environment);
        socket = new ApplicationSocket(home, new ApplicationSessions(supervisor), message -> { });
        supervisor.applicationSocket(socket.path());
    }

    @AfterEach
    void stop() throws IOException {
        socket.close();
        if (!closed) {
            supervisor.close();
        }
        strays.forEach(Process::destroyForcibly);
    }

    @Test
    void socketIsReachableByAnyUserButItsFolderCannotBeListed() throws IOException {
        assertEquals("rw-rw-rw-", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket.path())));
        assertEquals("rwx--x--x", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket.path().getParent())));
    }

    @Test
    void launchedApplicationConnectsWithItsTokenAndAnswersRequests() throws Exception {
        supervisor.watch(java("launched", "connect"), ApplicationDTO.Origin.COMMAND);
        await(() -> connected("launched"));

        String answer = supervisor.request("launched", DetectorConstants.REQUEST_CHECKPOINT, "operator", 5_000)
                .toCompletableFuture().get(10, TimeUnit.SECONDS);

        assertEquals("took a checkpoint for operator", answer);
    }

    @Test
    void requestWithoutAHandlerIsRefusedByTheApplication() throws Exception {
        supervisor.watch(java("launched", "connect"), ApplicationDTO.Origin.COMMAND);
        await(() -> connected("launched"));

        ApplicationRequestException refused = failure(supervisor.request("launched", "REBALANCE", "", 5_000));

        assertEquals(ApplicationRequestException.Reason.REFUSED, refused.reason());
        assertTrue(refused.getMessage().contains("no handler for REBALANCE"), refused.getMessage());
    }

    @Test
    void applicationWithoutLibftIsNotConnected() throws Exception {
        supervisor.watch(spec("plain", "sleep", "60"), ApplicationDTO.Origin.COMMAND);

        ApplicationRequestException refused = failure(supervisor.request("plain", "CHECKPOINT", "", 1_000));

        assertEquals(ApplicationRequestException.Reason.NOT_CONNECTED, refused.reason());
    }

    @Test
    void stopOnPurposeTellsTheApplicationFirst() throws Exception {
        supervisor.watch(java("launched", "connect"), ApplicationDTO.Origin.COMMAND);
        await(() -> connected("launched"));

        ApplicationDTO stopped = supervisor.stop("launched").toCompletableFuture().get(20, TimeUnit.SECONDS);

        assertEquals(ApplicationDTO.State.STOPPED, stopped.state);
        assertEquals("4000", Files.readString(home.resolve("prepared")), "PREPARE_STOP carries the grace period");
        assertTrue(supervisor.history("launched").stream().anyMatch(h -> "prepared to stop: drained".equals(h.message)));
    }

    @Test
    void selfRegisteredProcessIsWatchedAndRestartedAsAChildWhenKilled() throws Exception {
        Process self = startJava("register", "orders");
        await(() -> connected("orders"));
        ApplicationDTO registered = supervisor.application("orders").orElseThrow();
        assertEquals(ApplicationDTO.Origin.SELF, registered.origin);
        assertEquals(self.pid(), registered.pid);

        self.destroyForcibly(); // SIGKILL

        assertEquals("CRASH", environment.failures.poll(10, TimeUnit.SECONDS).verdict());
        await(() -> pid("orders") > 0 && pid("orders") != self.pid() && connected("orders"));
        ProcessHandle child = ProcessHandle.of(pid("orders")).orElseThrow();
        assertEquals(ProcessHandle.current().pid(), child.parent().map(ProcessHandle::pid).orElse(-1L),
                "restarted from its command line, as the runtime's child (which connects with HELLO)");
        Path connected = home.resolve("connected-" + child.pid()); // written once its connection is up
        await(() -> Files.exists(connected) && Files.readString(connected).contains(" "));
        assertEquals("orders hello", Files.readString(connected),
                "with the environment it registered with");
    }

    @Test
    void selfRegisteredProcessIsLeftRunningWhenTheRuntimeStops() throws Exception {
        Process self = startJava("register", "orders");
        await(() -> connected("orders"));

        supervisor.close();
        closed = true;

        assertTrue(self.isAlive(), "it ran before it registered; it registers again when a runtime is back");
    }

    @Test
    void unregisteredProcessIsForgottenAndLeftRunning() throws Exception {
        Process self = startJava("unregister", "orders");
        await(() -> Files.exists(home.resolve("unregistered")));

        await(() -> supervisor.application("orders").isEmpty());
        assertTrue(self.isAlive());
    }

    @Test
    void secondRegistrationUnderARunningNameIsRefused() throws Exception {
        startJava("register", "orders");
        await(() -> connected("orders"));
        Process second = startJava("register", "orders");

        assertTrue(second.waitFor(30, TimeUnit.SECONDS), "its register() throws");
        assertNotEquals(0, second.exitValue());
        assertTrue(Files.readString(home.resolve("second.log")).contains("is watched already and runs as pid"));
    }

    @Test
    void processSupervisedAlreadyCannotBeRegisteredUnderAnotherName() throws Exception {
        long pid = supervisor.watch(spec("plain", "sleep", "60"), ApplicationDTO.Origin.COMMAND).pid;

        assertTrue(handshake("REGISTER 1 twin " + pid).contains("pid " + pid + " is supervised already, as plain"));
        assertTrue(supervisor.application("twin").isEmpty());
    }

    @Test
    void applicationWatchedFromElsewhereCannotUnregisterItselfNorConnectTwice() throws Exception {
        long pid = supervisor.watch(spec("plain", "sleep", "60"), ApplicationDTO.Origin.COMMAND).pid;
        String token = launchToken(pid); // what its libft would present
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket.path()));
            LineChannel line = new LineChannel(channel);
            line.writeLine("HELLO 1 plain " + token);
            assertEquals("OK HELLO", line.readLine());

            assertTrue(handshake("HELLO 1 plain " + token).contains("connected already"), "one connection per launch");
            line.writeLine("UNREGISTER");
            assertTrue(line.readLine().startsWith("ERR plain is watched from its command"));
        }
        assertEquals(pid, pid("plain"), "still watched");
    }

    @Test
    void connectionsThatNeverSayWhoTheyAreAreCapped() throws Exception {
        List<SocketChannel> silent = new ArrayList<>();
        try {
            for (int i = 0; i < ApplicationSocket.MAX_UNIDENTIFIED + 10; i++) {
                SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
                channel.connect(UnixDomainSocketAddress.of(socket.path()));
                silent.add(channel);
            }
            // past the cap a connection is closed at once: its read ends
            SocketChannel last = silent.get(silent.size() - 1);
            assertEquals(-1, last.read(java.nio.ByteBuffer.allocate(1)));
            // and an application still gets in once the silent ones go
            silent.forEach(channel -> {
                try {
                    channel.close();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            supervisor.watch(java("launched", "connect"), ApplicationDTO.Origin.COMMAND);
            await(() -> connected("launched"));
        } finally {
            for (SocketChannel channel : silent) {
                channel.close();
            }
        }
    }

    @Test
    void wrongTokenIsRefused() throws Exception {
        supervisor.watch(java("launched", "connect"), ApplicationDTO.Origin.COMMAND);
        await(() -> connected("launched"));

        assertTrue(handshake("HELLO 1 launched 0123456789abcdef0123456789abcdef").startsWith("ERR no running application"));
        assertTrue(connected("launched"), "the real one keeps its connection");
    }

    @Test
    void registeringInitOrAMadeUpProcessIsRefused() throws Exception {
        assertTrue(handshake("REGISTER 1 init 1").contains("pid 1 cannot be watched"));
        assertTrue(handshake("REGISTER 1 ghost 999999999").contains("no process has pid 999999999"));
        assertTrue(handshake("REGISTER 1 ghost 2 color=blue").startsWith("ERR"));
    }

    @Test
    void malformedFirstLinesGetAnErrorThatSaysWhatToDo() throws Exception {
        assertTrue(handshake("GET / HTTP/1.1").contains("say HELLO or REGISTER first"));
        assertTrue(handshake("HELLO 2 app token").contains("protocol version '2' is not spoken here"));
        assertTrue(handshake("REGISTER 1 orders many").contains("REGISTER needs the process id"));
        assertTrue(handshake("REGISTER 1 orders " + ProcessHandle.current().pid() + " heartbeat.timeout.ms=soon")
                .contains("heartbeat.timeout.ms must be a number of milliseconds"));
    }

    @Test
    void overlongLineEndsTheConnection() throws Exception {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket.path()));
            LineChannel line = new LineChannel(channel);
            channel.write(java.nio.ByteBuffer.wrap(("HELLO 1 " + "x".repeat(70_000) + "\n").getBytes()));
            String answer = line.readLine();
            assertTrue(answer.contains("longer than 65536 bytes"), answer);
        }
    }

    @Test
    void registeredProcessThatLaterFailsWithoutACommandLineStaysFailed() throws Exception {
        environment.policy = (name, failure) -> RestartDecision.restartAfter(0, "again");
        Process sleeper = new ProcessBuilder("sleep", "60").start();
        strays.add(sleeper);
        WatchSpec spec = new WatchSpec();
        spec.name = "external";
        supervisor.adopt(spec, sleeper.toHandle(), null);

        sleeper.destroyForcibly(); // SIGKILL

        await(() -> supervisor.application("external").map(a -> a.state == ApplicationDTO.State.FAILED).orElse(false));
        assertTrue(supervisor.application("external").get().reason.contains("without a command line"));
        ExecutionException start = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> supervisor.start("external").toCompletableFuture().get(10, TimeUnit.SECONDS));
        assertTrue(start.getCause().getMessage().contains("without a command line"), "an operator's start says why it failed");
    }

    // ---- helpers ----

    private String handshake(String first) throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket.path()));
            LineChannel line = new LineChannel(channel);
            line.writeLine(first);
            String answer = line.readLine();
            return answer;
        }
    }

    /**
     * The child's SWIFT_TOKEN. Read until there: between fork and exec, /proc/PID/environ still shows
     * the forking JVM's environment, which has none.
     */
    private static String launchToken(long pid) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        String token;
        while ((token = environmentOf(pid).get("SWIFT_TOKEN")) == null && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return token;
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

    private static ApplicationRequestException failure(java.util.concurrent.CompletionStage<String> answer) throws Exception {
        try {
            answer.toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | CompletionException e) {
            return (ApplicationRequestException) e.getCause();
        }
        throw new AssertionError("the request was answered");
    }

    private WatchSpec java(String name, String mode) {
        List<String> args = new ArrayList<>(List.of("-cp", System.getProperty("java.class.path"),
                LibftApplication.class.getName(), home.toString(), mode));
        WatchSpec spec = spec(name, javaCommand(), args.toArray(String[]::new));
        spec.stopGraceMillis = 4000;
        return spec;
    }

    private Process startJava(String mode, String name) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(javaCommand(), "-cp", System.getProperty("java.class.path"),
                LibftApplication.class.getName(), home.toString(), mode, name);
        builder.environment().put("SWIFT_CONTROL", socket.path().toString());
        builder.environment().remove("SWIFT_APP");
        builder.environment().remove("SWIFT_TOKEN");
        builder.environment().put("GREETING", "hello");
        boolean second = strays.stream().anyMatch(Process::isAlive);
        builder.redirectErrorStream(true).redirectOutput(home.resolve(second ? "second.log" : "first.log").toFile());
        Process process = builder.start();
        strays.add(process);
        return process;
    }

    private static String javaCommand() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private boolean connected(String name) {
        return supervisor.application(name).map(a -> a.connected).orElse(false);
    }

    private long pid(String name) {
        return supervisor.application(name).map(a -> a.pid).orElse(-1L);
    }
}
