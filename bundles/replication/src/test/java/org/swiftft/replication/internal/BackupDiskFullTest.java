package org.swiftft.replication.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.swiftft.journal.Durability;
import org.swiftft.libft.replication.wire.Operation;
import org.swiftft.replication.ConsistencyLevel;

/**
 * A backup whose disk fills up: a real 16 MiB tmpfs holding its copy and its replica log, with
 * 12 MiB of ballast. Mounting needs root (CI runs as root); elsewhere the test is skipped, saying why.
 */
@Timeout(120)
class BackupDiskFullTest {

    private static final int CHUNK = 256 * 1024;

    @TempDir
    Path temp;
    private Path small;

    @BeforeEach
    void mountASmallTmpfs() throws Exception {
        small = Files.createDirectory(temp.resolve("small"));
        assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", small.toString()) == 0,
                "mounting a tmpfs needs root and the mount privilege");
    }

    @AfterEach
    void unmount() throws Exception {
        run("umount", "-l", small.toString());
    }

    private static int run(String... command) throws Exception {
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start().waitFor();
    }

    @Test
    void theSetDegradesThePrimaryGoesOnAndTheBackupCatchesUpOnceSpaceIsFreed() throws Exception {
        Path ballast = small.resolve("ballast");
        Files.write(ballast, new byte[12 << 20]);
        try (ReplicationCluster cluster = new ReplicationCluster(temp, 0)) {
            BackupConfig config = new BackupConfig("orders", Files.createDirectory(small.resolve("set")),
                    small.resolve("state"), ReplicationCluster.SECRET,
                    new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0),
                    Durability.GROUP_COMMIT, 8L << 20, cluster.listener("backup0"));
            cluster.backupConfigs.add(config);
            cluster.backups.add(new ReplicaBackup(config));
            ReplicationPump pump = cluster.startPump(ConsistencyLevel.DURABLE,
                    c -> c.withDegradeAfter(Duration.ofMillis(300)));
            assertTrue(cluster.awaitConnected(1, Duration.ofSeconds(10)));

            Replayer local = new Replayer(cluster.primaryDirectory);
            Random random = new Random(3);
            List<CompletableFuture<Long>> acknowledged = new ArrayList<>();
            for (int file = 0; file < 24; file++) { // 6 MiB: more than the 4 MiB left
                byte[] data = new byte[CHUNK];
                random.nextBytes(data);
                for (Operation operation : List.of(new Operation.Create("f" + file),
                        new Operation.WriteAt("f" + file, 0, data))) {
                    cluster.writing.lock();
                    try {
                        local.apply(operation, "primary");
                        acknowledged.add(pump.submit(operation).toCompletableFuture());
                    } finally {
                        cluster.writing.unlock();
                    }
                }
            }
            // The primary goes on: every write is acknowledged, without the backup once it failed.
            CompletableFuture.allOf(acknowledged.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            ReplicaBackup backup = cluster.backups.get(0);
            assertTrue(backup.appliedSequence() < pump.sequence(), "the backup cannot have applied everything");
            assertTrue(cluster.failures.stream().anyMatch(f -> f.contains("No space left") || f.contains("full")),
                    cluster.failures.toString());

            Files.delete(ballast); // the operator frees space
            assertTrue(backup.awaitApplied(pump.sequence(), Duration.ofSeconds(60)),
                    "the backup caught up once space was free: applied " + backup.appliedSequence() + " of "
                    + pump.sequence() + "; failures " + cluster.failures);
            local.syncTouched();
            DirectoryComparison.assertSameTree(cluster.primaryDirectory, config.directory());
        }
    }
}
