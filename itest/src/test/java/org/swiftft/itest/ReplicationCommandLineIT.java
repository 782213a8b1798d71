package org.swiftft.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.swiftft.itest.TarballRuntime.Result;
import org.swiftft.libft.runtime.wire.RuntimeSockets;

/**
 * Two runtimes from the real tarball replicating a set on loopback: the primary in a folder too deep
 * for a socket path (so writers find {@code replication.sock} in its fallback folder), the backup in
 * a plain one. Writers are real processes using libft (the Ledger demo); faults are real SIGKILLs.
 */
class ReplicationCommandLineIT {

    private TarballRuntime primary;
    private TarballRuntime backup;
    private int primaryPort;
    private int backupPort;
    private Process writer;

    @BeforeEach
    void unpackTwoRuntimes() throws Exception {
        long now = System.nanoTime();
        primary = TarballRuntime.unpack(Path.of("target", "replication", "a-folder-name-long-enough-to-matter",
                "and-another-one-below-it", "primary-" + now).toAbsolutePath());
        backup = TarballRuntime.unpack(Path.of("target", "replication", "backup-" + now).toAbsolutePath());
        Files.delete(backup.home.resolve("etc/org.swiftft.watch-demo.cfg")); // one demo on port 8480 is enough
        primaryPort = freePort();
        backupPort = freePort();
        byte[] key = new byte[32];
        new Random(now).nextBytes(key);
        for (TarballRuntime runtime : List.of(primary, backup)) {
            Path keyFile = runtime.home.resolve("etc/ledger.key");
            Files.write(keyFile, key);
            Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
        }
    }

    @AfterEach
    void stopEverything() throws Exception {
        if (writer != null) {
            writer.destroyForcibly();
        }
        primary.kill();
        backup.kill();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private void configure(TarballRuntime runtime, String mode, String role, String... more) throws IOException {
        boolean isPrimary = runtime == primary;
        StringBuilder cfg = new StringBuilder()
                .append("directory = data/ledger\n")
                .append("mode = ").append(mode).append('\n')
                .append("level = durable\n")
                .append("role = ").append(role).append('\n')
                .append("listen = 127.0.0.1:").append(isPrimary ? primaryPort : backupPort).append('\n')
                .append("peers = 127.0.0.1:").append(isPrimary ? backupPort : primaryPort).append('\n')
                .append("key.file = etc/ledger.key\n");
        for (String line : more) {
            cfg.append(line).append('\n');
        }
        Files.writeString(runtime.home.resolve("etc/org.swiftft.replication-ledger.cfg"), cfg.toString());
    }

    private void startBoth(String mode, String... more) throws Exception {
        configure(primary, mode, "primary", more);
        configure(backup, mode, "backup", more);
        assertEquals(0, primary.swiftd("--background").status());
        assertEquals(0, backup.swiftd("--background").status());
        TarballRuntime.awaitTrue(30, () -> row(primary).contains("IN_SYNC") && row(primary).contains(" 1/1 "));
    }

    /** The set's line in replication:list. */
    private static String row(TarballRuntime runtime) throws Exception {
        Result list = runtime.swift("replication:list");
        return list.output().lines().filter(line -> line.startsWith("ledger ")).findFirst().orElse("");
    }

    private static long refused(TarballRuntime runtime) throws Exception {
        return Long.parseLong(row(runtime).trim().split("\\s+")[11]);
    }

    private Path ledger(TarballRuntime runtime) {
        return runtime.home.resolve("data/ledger/ledger.txt");
    }

    /** The writer: the Ledger demo on {@code runtime}'s socket, found as an application finds it. */
    private Process startLedger(TarballRuntime runtime, int entries, Path output) throws IOException {
        return startLedger(runtime, entries, output, 1);
    }

    private Process startLedger(TarballRuntime runtime, int entries, Path output, int pauseMillis) throws IOException {
        String classPath = runtime.jar("org.swiftft.libft") + ":" + runtime.jar("org.swiftft.demo");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-Dswift.control=" + applicationSocket(runtime), "-cp", classPath,
                "org.swiftft.demo.Ledger", "--set", "ledger", "--entries", Integer.toString(entries), "--pause-ms",
                Integer.toString(pauseMillis))
                .redirectErrorStream(true).redirectOutput(output.toFile());
        return builder.start();
    }

    /** run/app.sock, or its fallback for a deep folder: where the runtime tells its applications it is. */
    private static Path applicationSocket(TarballRuntime runtime) throws IOException {
        return RuntimeSockets.folder(runtime.home).resolve(RuntimeSockets.APPLICATION);
    }

    private static long lastAcknowledged(Path output) throws IOException {
        return Files.readAllLines(output).stream().filter(line -> line.startsWith("acknowledged "))
                .mapToLong(line -> Long.parseLong(line.substring("acknowledged ".length()))).max().orElse(0);
    }

    /** Every entry 1..n is in the file, in order, each whole. */
    private static void assertHoldsEntries(Path ledger, long n) throws IOException {
        List<String> lines = Files.readAllLines(ledger, StandardCharsets.UTF_8);
        assertTrue(lines.size() >= n, "the ledger holds " + lines.size() + " entries, " + n + " were acknowledged");
        for (int i = 0; i < n; i++) {
            assertTrue(lines.get(i).startsWith((i + 1) + " "), "entry " + (i + 1) + " is '" + lines.get(i) + "'");
        }
    }

    private static void assertIdentical(TarballRuntime runtime) throws Exception {
        Result verify = runtime.swift("replication:verify", "ledger");
        assertEquals(0, verify.status(), verify.output());
        assertTrue(verify.output().contains("none: identical"), verify.output());
    }

    @Test
    void everyAcknowledgedEntrySurvivesTheKilledPrimaryAndTheBackupCarriesOn() throws Exception {
        startBoth("replay");
        Path firstRun = primary.home.resolve("ledger-1.out");
        writer = startLedger(primary, 1_000_000, firstRun);
        TarballRuntime.awaitTrue(60, () -> lastAcknowledged(firstRun) >= 300);

        primary.kill(); // the primary's host is lost, its writer with it
        assertTrue(writer.waitFor(20, TimeUnit.SECONDS), "the writer ends once its runtime is gone");
        long acknowledged = lastAcknowledged(firstRun);

        Result promoted = backup.swift("replication:role", "ledger", "primary", "2");
        assertEquals(0, promoted.status(), promoted.output());
        assertHoldsEntries(ledger(backup), acknowledged);

        Path secondRun = backup.home.resolve("ledger-2.out");
        Process carryOn = startLedger(backup, 50, secondRun);
        assertTrue(carryOn.waitFor(60, TimeUnit.SECONDS));
        String second = Files.readString(secondRun);
        assertTrue(second.contains("done"), second);
        long total = lastAcknowledged(secondRun);
        assertHoldsEntries(ledger(backup), total);

        // The old primary comes back as configured (primary, epoch 1) and is demoted by the operator.
        assertEquals(0, primary.swiftd("--background").status());
        Result demoted = primary.swift("replication:role", "ledger", "backup", "2");
        assertEquals(0, demoted.status(), demoted.output());
        TarballRuntime.awaitTrue(30, () -> row(backup).contains("IN_SYNC") && row(backup).contains(" 1/1 "));
        assertIdentical(backup);
        assertHoldsEntries(ledger(primary), total);
        Result written = primary.swift("replication:list");
        assertTrue(written.output().contains("backup"), written.output());
    }

    @Test
    void aKilledBackupCatchesUpAndTheWriterNeverStops() throws Exception {
        startBoth("replay", "degrade.after.ms = 1000");
        Path run = primary.home.resolve("ledger.out");
        writer = startLedger(primary, 3_000, run);
        TarballRuntime.awaitTrue(60, () -> lastAcknowledged(run) >= 200);
        backup.kill();
        long atKill = lastAcknowledged(run);
        TarballRuntime.awaitTrue(30, () -> lastAcknowledged(run) >= atKill + 200); // degraded, not stopped
        assertTrue(row(primary).contains("DEGRADED"), row(primary));
        Result verify = primary.swift("replication:verify", "ledger");
        assertTrue(verify.output().contains("not compared: backup 127.0.0.1:" + backupPort + " is not connected"),
                verify.output());
        assertEquals(0, backup.swiftd("--background").status());
        assertTrue(writer.waitFor(120, TimeUnit.SECONDS), "the writer finishes");
        TarballRuntime.awaitTrue(30, () -> row(primary).contains("IN_SYNC"));
        assertIdentical(primary);
        assertHoldsEntries(ledger(backup), 3_000);
    }

    @Test
    void aResyncHoldsABusyWriterBrieflyAndNeverEndsIt() throws Exception {
        startBoth("replay", "degrade.after.ms = 1000");
        Path run = primary.home.resolve("ledger.out");
        writer = startLedger(primary, 20_000, run, 0); // as fast as acknowledgements come
        TarballRuntime.awaitTrue(60, () -> lastAcknowledged(run) >= 500);
        Result resync = primary.swift("replication:resync", "ledger");
        assertEquals(0, resync.status(), resync.output());
        assertTrue(writer.waitFor(180, TimeUnit.SECONDS), "the writer finishes");
        String output = Files.readString(run);
        assertTrue(output.contains("done"), output.substring(Math.max(0, output.length() - 2000)));
        TarballRuntime.awaitTrue(30, () -> row(primary).contains("IN_SYNC"));
        assertIdentical(primary);
    }

    @Test
    void copyModeShipsFilesWrittenDirectlyOnceQuiet() throws Exception {
        startBoth("copy", "quiet.ms = 300");
        Path directory = primary.home.resolve("data/ledger");
        Random random = new Random(7);
        for (int i = 0; i < 40; i++) {
            byte[] bytes = new byte[random.nextInt(200_000)];
            random.nextBytes(bytes);
            Path file = directory.resolve("d" + (i % 4) + "/f" + i);
            Files.createDirectories(file.getParent());
            Files.write(file, bytes);
        }
        Files.delete(directory.resolve("d1/f5"));
        try (OutputStream append = Files.newOutputStream(directory.resolve("d2/f6"), java.nio.file.StandardOpenOption.APPEND)) {
            append.write("appended".getBytes(StandardCharsets.UTF_8));
        }
        TarballRuntime.awaitTrue(60, () -> primary.swift("replication:verify", "ledger").output().contains("none: identical"));
        assertFalse(Files.exists(backup.home.resolve("data/ledger/d1/f5")));
        assertEquals(Files.size(directory.resolve("d2/f6")), Files.size(backup.home.resolve("data/ledger/d2/f6")));
    }

    @Test
    void aStrangerOnTheBackupsPortIsRefusedCountedAndChangesNothing() throws Exception {
        startBoth("replay");
        Path planted = backup.home.resolve("data/ledger");
        try (var before = Files.list(planted)) {
            assertEquals(0, before.count());
        }
        try (Socket stranger = new Socket("127.0.0.1", backupPort)) {
            stranger.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            stranger.getOutputStream().flush();
            stranger.setSoTimeout(10_000);
            assertEquals(-1, stranger.getInputStream().read(), "the backup hangs up on a stranger");
        }
        TarballRuntime.awaitTrue(() -> refused(backup) >= 1);
        try (var after = Files.list(planted)) {
            assertEquals(0, after.count());
        }
        assertTrue(row(primary).contains("IN_SYNC"), "the real primary is not disturbed: " + row(primary));
    }

    @Test
    void aBackupWithAnotherSecretIsRefusedOnBothSides() throws Exception {
        Files.write(backup.home.resolve("etc/ledger.key"), "another secret, long enough for the check".getBytes());
        configure(primary, "replay", "primary");
        configure(backup, "replay", "backup");
        Files.writeString(primary.home.resolve("data-file-on-primary"), "x");
        assertEquals(0, primary.swiftd("--background").status());
        assertEquals(0, backup.swiftd("--background").status());
        TarballRuntime.awaitTrue(30, () -> refused(primary) >= 1 && refused(backup) >= 1);
        assertTrue(row(primary).contains("DEGRADED"), row(primary));
        assertTrue(row(primary).contains("secret"), row(primary));
    }
}
