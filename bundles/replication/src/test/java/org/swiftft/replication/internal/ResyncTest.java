package org.swiftft.replication.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.swiftft.libft.replication.wire.Operation;
import org.swiftft.replication.ConsistencyLevel;
import org.swiftft.replication.VerificationDTO.DifferenceDTO;
import org.swiftft.replication.VerificationDTO.DifferenceDTO.Kind;

@Timeout(60) // a hang is a failure, not a stuck build
class ResyncTest {

    @TempDir
    Path temp;

    private static void write(Path file, byte[] bytes) throws Exception {
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
    }

    private static byte[] random(long seed, int length) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** Operations after the resync reach the backup only once it is done: their acknowledgement says so. */
    private static void awaitInSync(ReplicationCluster cluster, int backup) throws Exception {
        assertTrue(cluster.awaitConnected(cluster.backups.size(), Duration.ofSeconds(20)), "backups never connected");
        ReplicationPump pump = cluster.pump;
        long last = pump.submit(new Operation.Mkdir("sync-point")).toCompletableFuture().get(20, TimeUnit.SECONDS);
        Files.createDirectories(cluster.primaryDirectory.resolve("sync-point"));
        assertTrue(cluster.backups.get(backup).awaitApplied(last, Duration.ofSeconds(20)));
    }

    @Test
    void aBackupJoiningLateGetsWhatThePrimaryHeldBeforeItsLogBegan() throws Exception {
        try (ReplicationCluster cluster = new ReplicationCluster(temp, 1)) {
            write(cluster.primaryDirectory.resolve("empty"), new byte[0]);
            write(cluster.primaryDirectory.resolve("a/b/large.bin"), random(1, 3 * 1024 * 1024 + 17));
            write(cluster.primaryDirectory.resolve("a/small.txt"), "hello".getBytes(StandardCharsets.UTF_8));
            Files.createDirectories(cluster.primaryDirectory.resolve("empty-dir/inner"));
            cluster.startPump(ConsistencyLevel.DURABLE, c -> c);
            awaitInSync(cluster, 0);
            DirectoryComparison.assertSameTree(cluster.primaryDirectory, cluster.backupConfigs.get(0).directory());
            String resync = cluster.pump.links().get(0).lastResync();
            assertNotNull(resync);
            assertTrue(resync.contains("new to this epoch"), resync);
        }
    }

    @Test
    void aStaleCopyIsMadeEqualSendingOnlyTheBlocksThatDiffer() throws Exception {
        try (ReplicationCluster cluster = new ReplicationCluster(temp, 1)) {
            byte[] large = random(2, 8 * TreeManifest.BLOCK_BYTES);
            write(cluster.primaryDirectory.resolve("large.bin"), large);
            write(cluster.primaryDirectory.resolve("kept.txt"), "same".getBytes(StandardCharsets.UTF_8));
            Path copy = cluster.backupConfigs.get(0).directory();
            byte[] stale = large.clone();
            stale[3 * TreeManifest.BLOCK_BYTES + 5] ^= 1; // one block differs
            write(copy.resolve("large.bin"), stale);
            write(copy.resolve("kept.txt"), "same".getBytes(StandardCharsets.UTF_8));
            write(copy.resolve("extra/left-over.txt"), "not on the primary".getBytes(StandardCharsets.UTF_8));
            cluster.startPump(ConsistencyLevel.DURABLE, c -> c);
            awaitInSync(cluster, 0);
            DirectoryComparison.assertSameTree(cluster.primaryDirectory, copy);
            String resync = cluster.pump.links().get(0).lastResync();
            assertTrue(resync.contains(" " + TreeManifest.BLOCK_BYTES + " bytes of content"), resync);
        }
    }

    @Test
    void verificationFindsATamperedCopyAndResyncMendsItWhileOperationsGoOn() throws Exception {
        try (ReplicationCluster cluster = new ReplicationCluster(temp, 2)) {
            ReplicationPump pump = cluster.startPump(ConsistencyLevel.DURABLE, c -> c);
            Workload workload = new Workload(5, cluster.primaryDirectory, pump, cluster.writing);
            CompletableFuture.allOf(workload.run(500).toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            awaitInSync(cluster, 1);
            Path copy = cluster.backupConfigs.get(1).directory();
            assertEquals(List.of(), differences(cluster, 1));

            Path victim;
            try (var files = Files.walk(copy)) {
                victim = files.filter(Files::isRegularFile).filter(f -> f.toFile().length() > 0).findFirst().orElseThrow();
            }
            byte[] bytes = Files.readAllBytes(victim);
            bytes[bytes.length / 2] ^= 0x55;
            Files.write(victim, bytes);
            write(copy.resolve("planted.txt"), "x".getBytes(StandardCharsets.UTF_8));
            List<DifferenceDTO> found = differences(cluster, 1);
            String relative = copy.relativize(victim).toString();
            assertTrue(found.stream().anyMatch(d -> d.path.equals(relative) && d.kind == Kind.CONTENT
                    && d.offset == (bytes.length / 2) / TreeManifest.BLOCK_BYTES * (long) TreeManifest.BLOCK_BYTES), found.toString());
            assertTrue(found.stream().anyMatch(d -> d.path.equals("planted.txt") && d.kind == Kind.EXTRA_ON_BACKUP));
            assertEquals(List.of(), differences(cluster, 0), "the other backup was not touched");

            pump.resync();
            CompletableFuture<Void> more = CompletableFuture.allOf(workload.run(300).toArray(CompletableFuture[]::new));
            more.get(30, TimeUnit.SECONDS);
            awaitInSync(cluster, 0);
            awaitInSync(cluster, 1);
            DirectoryComparison.assertSameTree(cluster.primaryDirectory, cluster.backupConfigs.get(0).directory());
            DirectoryComparison.assertSameTree(cluster.primaryDirectory, copy);
            assertFalse(Files.exists(copy.resolve("planted.txt")));
        }
    }

    private static List<DifferenceDTO> differences(ReplicationCluster cluster, int backup) throws Exception {
        List<byte[]> chunks = cluster.pump.links().get(backup).describeBackup().get(20, TimeUnit.SECONDS);
        TreeManifest theirs = TreeManifest.decode(chunks, "test");
        return TreeManifest.scan(cluster.primaryDirectory, p -> false).differences(theirs);
    }

    @Test
    void aBackupAwayLongerThanTheCappedLogReachesIsResyncedWhenItReturns() throws Exception {
        try (ReplicationCluster cluster = new ReplicationCluster(temp, 2)) {
            long cap = 4L << 20;
            ReplicationPump pump = cluster.startPump(ConsistencyLevel.DURABLE,
                    c -> c.withLogCap(cap).withDegradeAfter(Duration.ofMillis(200)));
            Workload workload = new Workload(9, cluster.primaryDirectory, pump, cluster.writing);
            CompletableFuture.allOf(workload.run(100).toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            awaitInSync(cluster, 1);
            java.net.InetSocketAddress away = cluster.backups.get(1).address();
            cluster.backups.get(1).close();

            for (int round = 0; round < 30 && pump.firstAvailable() <= cluster.backups.get(1).durableSequence() + 1; round++) {
                CompletableFuture.allOf(workload.run(300).toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            }
            assertTrue(pump.firstAvailable() > cluster.backups.get(1).durableSequence() + 1,
                    "the log still reaches back to what the absent backup holds");
            assertTrue(cluster.failures.stream().anyMatch(f -> f.contains("over its cap")), cluster.failures.toString());

            cluster.backups.set(1, new ReplicaBackup(cluster.backupConfigs.get(1).withListen(away)));
            awaitInSync(cluster, 1);
            DirectoryComparison.assertSameTree(cluster.primaryDirectory, cluster.backupConfigs.get(1).directory());
            String resync = pump.links().get(1).lastResync();
            assertTrue(resync.contains("log starts at"), resync);
        }
    }

    @Test
    void afterThePrimaryCrashedEveryBackupIsResyncedNotResumed() throws Exception {
        try (ReplicationCluster cluster = new ReplicationCluster(temp, 1)) {
            ReplicationPump pump = cluster.startPump(ConsistencyLevel.DURABLE, c -> c);
            Workload workload = new Workload(13, cluster.primaryDirectory, pump, cluster.writing);
            CompletableFuture.allOf(workload.run(200).toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            awaitInSync(cluster, 0);
            pump.close();
            Files.delete(cluster.root.resolve("primary/state").resolve(ReplicationPump.CLEAN_STOP)); // as if killed
            // What a crash can leave: a change applied here that never reached the log.
            write(cluster.primaryDirectory.resolve("applied-but-never-logged"), "x".getBytes(StandardCharsets.UTF_8));

            cluster.startPump(ConsistencyLevel.DURABLE, c -> c);
            awaitInSync(cluster, 0);
            DirectoryComparison.assertSameTree(cluster.primaryDirectory, cluster.backupConfigs.get(0).directory());
            String resync = cluster.pump.links().get(0).lastResync();
            assertTrue(resync != null && resync.contains("without closing its log"), String.valueOf(resync));
        }
    }

    @Test
    void afterACleanStopBackupsResumeWithoutAResync() throws Exception {
        try (ReplicationCluster cluster = new ReplicationCluster(temp, 1)) {
            ReplicationPump pump = cluster.startPump(ConsistencyLevel.DURABLE, c -> c);
            awaitInSync(cluster, 0);
            pump.close();
            cluster.startPump(ConsistencyLevel.DURABLE, c -> c);
            awaitInSync(cluster, 0);
            assertEquals(null, cluster.pump.links().get(0).lastResync(), "resumed, not resynced");
        }
    }
}
