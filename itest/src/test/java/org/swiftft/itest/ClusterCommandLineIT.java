package org.swiftft.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Three runtimes from the real tarball, each in a network namespace of its own, running a clustered
 * Counter (state in a journal and checkpoints, replicated in replay mode at durable). Host loss is a
 * SIGKILLed runtime, a frozen one (SIGSTOP of the runtime and its application), or a member whose
 * link is cut; the checks are what its clients see through the forwarders.
 */
class ClusterCommandLineIT {

    private ClusterOfRuntimes cluster;
    private final long[] frozen = new long[2];

    private void startCluster(String scheme) throws Exception {
        cluster = new ClusterOfRuntimes(Path.of("target", "cluster", "run-" + System.nanoTime()).toAbsolutePath(), scheme);
        cluster.startAll();
        assertEquals("a", cluster.primary(), "a starts first and is the first host: it is the first primary");
    }

    @AfterEach
    void stopEverything() throws Exception {
        for (long pid : frozen) {
            if (pid > 0) {
                TarballRuntime.run(Path.of("."), 10, "kill", "-CONT", Long.toString(pid));
            }
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    /** Adds through a member's forwarder until stopped; counts what was acknowledged. */
    private final class Adder implements AutoCloseable {
        final AtomicLong acknowledged = new AtomicLong();
        final AtomicBoolean running = new AtomicBoolean(true);
        final Thread thread;

        Adder(String via, String key) {
            thread = new Thread(() -> {
                while (running.get()) {
                    String answer = cluster.request(via, "ADD " + key + " 1");
                    if (answer != null && answer.startsWith("OK ")) {
                        acknowledged.incrementAndGet();
                    }
                }
            });
            thread.start();
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join(30_000);
        }
    }

    private long total(String via, String key) throws Exception {
        String[] value = new String[1];
        TarballRuntime.awaitTrue(30, () -> {
            value[0] = cluster.request(via, "GET " + key);
            return value[0] != null && value[0].startsWith("VALUE");
        });
        return Long.parseLong(value[0].split(" ")[2]);
    }

    @Test
    void coldSchemeTheKilledPrimarysApplicationComesUpOnABackupWithEveryAcknowledgedChange() throws Exception {
        startCluster("replication-cold");
        long acknowledged;
        try (Adder adder = new Adder("b", "k")) {
            TarballRuntime.awaitTrue(30, () -> adder.acknowledged.get() > 50);
            cluster.runtime("a").kill();
            TarballRuntime.awaitTrue(30, () -> "b".equals(cluster.primaryAsSeenBy("b")));
            long before = adder.acknowledged.get();
            TarballRuntime.awaitTrue(30, () -> adder.acknowledged.get() > before + 20);
            adder.close();
            acknowledged = adder.acknowledged.get();
        }
        long total = total("c", "k");
        assertTrue(total >= acknowledged && total <= acknowledged + 1,
                "acknowledged " + acknowledged + ", the new primary holds " + total);
        assertTrue(cluster.runtime("c").swift("cluster:history", "counter").output().contains("HOST_LOST"));
    }

    @Test
    void aFrozenPrimaryIsFencedAndNeverServesAgainAfterItResumes() throws Exception {
        startCluster("replication-cold");
        assertNotNull(cluster.request("a", "ADD k 1"));
        long runtime = cluster.runtime("a").pid();
        long application = cluster.applicationPid("a");
        try (Socket held = new Socket()) {
            held.connect(new InetSocketAddress(cluster.address(0), ClusterOfRuntimes.FORWARD_PORT), 1_000);
            held.setSoTimeout(3_000);
            OutputStream out = held.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(held.getInputStream(), StandardCharsets.UTF_8));
            out.write("ADD held 1\n".getBytes(StandardCharsets.UTF_8));
            assertTrue(in.readLine().startsWith("OK held 1"));

            frozen[0] = runtime;
            frozen[1] = application;
            TarballRuntime.run(Path.of("."), 10, "kill", "-STOP", Long.toString(runtime), Long.toString(application));
            TarballRuntime.awaitTrue(30, () -> "b".equals(cluster.primaryAsSeenBy("b")));
            assertTrue(cluster.answer("b", "ADD k 1").startsWith("OK k 2 "));
            TarballRuntime.run(Path.of("."), 10, "kill", "-CONT", Long.toString(runtime), Long.toString(application));
            frozen[0] = 0;
            frozen[1] = 0;

            // the connection held through the old primary's forwarder must not reach its application again
            String late;
            try {
                out.write("ADD held 1\n".getBytes(StandardCharsets.UTF_8));
                late = in.readLine();
            } catch (java.io.IOException e) {
                late = null;
            }
            assertNull(late, "the resumed old primary answered " + late);
        }
        assertTrue(TarballRuntime.exits(application, 30), "the old primary's application was not stopped");
        assertEquals(1, total("a", "held"), "the change sent to the resumed old primary was applied");
        String role = cluster.request("a", "ROLE");
        assertTrue(role.startsWith("ROLE primary"), role);
        assertNotEquals("a", cluster.primaryAsSeenBy("a"));
    }

    @Test
    void aCutOffPrimaryStopsItsApplicationAndTheMajorityFailsOver() throws Exception {
        startCluster("replication-cold");
        assertNotNull(cluster.request("b", "ADD k 5"));
        long application = cluster.applicationPid("a");
        cluster.cut("a");
        TarballRuntime.awaitTrue(30, () -> "b".equals(cluster.primaryAsSeenBy("b")));
        assertTrue(TarballRuntime.exits(application, 30), "the cut-off primary did not fence itself");
        assertTrue(cluster.runtime("a").swift("cluster:members").output().contains("NO QUORUM"));
        assertEquals(5, total("c", "k"));
        cluster.heal("a");
        TarballRuntime.awaitTrue(60, () -> cluster.runtime("a").swift("cluster:members").output().contains("quorum (3 of 3)"));
        TarballRuntime.awaitTrue(30, () -> "b".equals(cluster.primaryAsSeenBy("a")));
        assertEquals(-1, cluster.applicationPid("a"), "the healed old primary must not run it");
        assertEquals(5, total("a", "k"));
    }

    @Test
    void aPlannedFailoverMovesItToTheNamedMemberAndStopsItOnTheOldOne() throws Exception {
        startCluster("replication-cold");
        assertNotNull(cluster.request("a", "ADD k 7"));
        long application = cluster.applicationPid("a");
        TarballRuntime.Result moved = cluster.runtime("b").swift("cluster:failover", "counter", "c");
        assertEquals(0, moved.status(), moved.output());
        assertTrue(moved.output().contains("SUCCEEDED"), moved.output());
        assertEquals("c", cluster.primary());
        assertTrue(TarballRuntime.exits(application, 10));
        assertEquals(7, total("a", "k"));
        assertTrue(cluster.request("b", "ROLE").startsWith("ROLE primary"));
    }

    @Test
    void aFailOverThatCannotStartOnTheNextHostIsReportedAndTriesTheOneAfter() throws Exception {
        startCluster("replication-cold");
        assertNotNull(cluster.request("a", "ADD k 3"));
        Path jar;
        try (var jars = Files.walk(cluster.runtime("b").home.resolve("system/org/swiftft/org.swiftft.demo"))) {
            jar = jars.filter(file -> file.toString().endsWith(".jar")).findFirst().orElseThrow();
        }
        Files.delete(jar); // b cannot start the application
        cluster.runtime("a").kill();
        TarballRuntime.awaitTrue(60, () -> "c".equals(cluster.primaryAsSeenBy("c")));
        TarballRuntime.awaitTrue(30, () -> cluster.runtime("c").swift("cluster:history", "counter").output()
                .contains("SUCCEEDED"));
        String history = cluster.runtime("c").swift("cluster:history", "counter").output();
        assertTrue(history.contains("b,c") && history.contains("b: counter did not start here"), history);
        assertEquals(3, total("c", "k"));
    }

    @Test
    void aMemberWithAnotherSecretCannotJoin() throws Exception {
        cluster = new ClusterOfRuntimes(Path.of("target", "cluster", "run-" + System.nanoTime()).toAbsolutePath(),
                "replication-cold");
        byte[] other = new byte[32];
        new Random().nextBytes(other);
        Files.write(cluster.runtime("c").home.resolve("etc/cluster.key"), other);
        cluster.start("a");
        cluster.start("b");
        cluster.start("c");
        TarballRuntime.awaitTrue(30, () -> cluster.runtime("a").swift("cluster:members").output().contains("quorum (2 of 3)"));
        Thread.sleep(5_000);
        String fromA = cluster.runtime("a").swift("cluster:members").output();
        assertTrue(fromA.matches("(?s).*\\bc\\s+ABSENT.*"), fromA);
        String fromC = cluster.runtime("c").swift("cluster:members").output();
        assertTrue(fromC.contains("NO QUORUM"), fromC);
        assertEquals(-1, cluster.applicationPid("c"));
        assertTrue(fromC.contains("fail the signature check"), "c does not say why it is alone: " + fromC);
    }

    @Test
    void warmSchemeTheStandbyIsPromotedWithoutAProcessStart() throws Exception {
        startCluster("replication-warm");
        TarballRuntime.awaitTrue(30, () -> cluster.applicationPid("b") > 0);
        long standby = cluster.applicationPid("b");
        assertEquals(-1, cluster.applicationPid("c"), "one standby: the first backup");
        assertNotNull(cluster.request("c", "ADD k 4"));
        cluster.runtime("a").kill();
        TarballRuntime.awaitTrue(30, () -> "b".equals(cluster.primaryAsSeenBy("b")));
        assertEquals(4, total("c", "k"));
        assertEquals(standby, cluster.applicationPid("b"), "the standby process itself serves: no start");
        assertTrue(cluster.request("b", "ROLE").startsWith("ROLE primary"));
    }
}
