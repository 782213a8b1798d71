package org.swiftft.replication.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.swiftft.libft.replication.wire.Operation;
import org.swiftft.libft.replication.wire.OperationCodec;
import org.swiftft.replication.ConsistencyLevel;

@Timeout(60) // a hang is a failure, not a stuck build
class ReplicationWorkloadTest {

    @TempDir
    Path temp;

    @ParameterizedTest(name = "{0} to {1} backup(s)")
    @CsvSource({"ASYNC,1", "RECEIVED,1", "DURABLE,1", "ASYNC,2", "RECEIVED,2", "DURABLE,2"})
    void aRandomWorkloadLeavesEveryBackupByteForByteEqual(ConsistencyLevel level, int backups) throws Exception {
        try (ReplicationCluster cluster = new ReplicationCluster(temp, backups)) {
            ReplicationPump pump = cluster.startPump(level, c -> c.withBackpressure(8L << 20));
            assertTrue(cluster.awaitConnected(backups, Duration.ofSeconds(10)));
            List<CompletableFuture<Long>> stages = new Workload(level.ordinal() * 10L + backups,
                    cluster.primaryDirectory, pump, cluster.writing).run(2_000);
            CompletableFuture.allOf(stages.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            long last = pump.sequence();
            for (int i = 0; i < backups; i++) {
                ReplicaBackup backup = cluster.backups.get(i);
                assertTrue(backup.awaitApplied(last, Duration.ofSeconds(30)), "backup " + i + " applied "
                        + backup.appliedSequence() + " of " + last);
                DirectoryComparison.assertSameTree(cluster.primaryDirectory, cluster.backupConfigs.get(i).directory());
                assertEquals(last, backup.durableSequence());
            }
            assertEquals(List.of(), List.copyOf(cluster.refusals));
        }
    }

    @Test
    void aHundredMegabyteFileWrittenInPlaceArrivesWhole() throws Exception {
        try (ReplicationCluster cluster = new ReplicationCluster(temp, 1)) {
            ReplicationPump pump = cluster.startPump(ConsistencyLevel.DURABLE, c -> c);
            assertTrue(cluster.awaitConnected(1, Duration.ofSeconds(10)));
            Replayer local = new Replayer(cluster.primaryDirectory);
            java.util.Random random = new java.util.Random(100);
            byte[] chunk = new byte[OperationCodec.MAX_DATA_BYTES];
            List<CompletableFuture<Long>> stages = new java.util.ArrayList<>();
            stages.add(submit(cluster, local, new Operation.Create("big.bin")));
            for (long at = 0; at < 100L << 20; at += chunk.length) {
                random.nextBytes(chunk);
                stages.add(submit(cluster, local, new Operation.WriteAt("big.bin", at, chunk.clone())));
            }
            stages.add(submit(cluster, local, new Operation.Force("big.bin")));
            CompletableFuture.allOf(stages.toArray(CompletableFuture[]::new)).get(50, TimeUnit.SECONDS);
            assertTrue(cluster.backups.get(0).awaitApplied(pump.sequence(), Duration.ofSeconds(30)));
            DirectoryComparison.assertSameTree(cluster.primaryDirectory, cluster.backupConfigs.get(0).directory());
        }
    }

    private static CompletableFuture<Long> submit(ReplicationCluster cluster, Replayer local, Operation operation)
            throws Exception {
        local.apply(operation, "primary");
        return cluster.pump.submit(operation).toCompletableFuture();
    }
}
