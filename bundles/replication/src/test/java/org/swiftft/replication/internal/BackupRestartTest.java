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
import org.swiftft.replication.ConsistencyLevel;

@Timeout(60) // a hang is a failure, not a stuck build
class BackupRestartTest {

    @TempDir
    Path temp;

    @Test
    void aRestartedBackupCatchesUpFromItsLogAndThePrimaryResumesWithoutAFullResend() throws Exception {
        try (ReplicationCluster cluster = new ReplicationCluster(temp, 1)) {
            ReplicationPump pump = cluster.startPump(ConsistencyLevel.DURABLE, c -> c);
            assertTrue(cluster.awaitConnected(1, Duration.ofSeconds(10)));
            Workload workload = new Workload(11, cluster.primaryDirectory, pump, cluster.writing);
            List<CompletableFuture<Long>> stages = workload.run(800);
            CompletableFuture.allOf(stages.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            long durableBefore = cluster.backups.get(0).durableSequence();

            cluster.restartBackup(0); // a new instance on the same directories: replays what its log holds
            ReplicaBackup restarted = cluster.backups.get(0);
            assertTrue(restarted.durableSequence() >= durableBefore, "the restarted log lost acknowledged operations");
            stages = workload.run(800);
            CompletableFuture.allOf(stages.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

            assertTrue(restarted.awaitApplied(pump.sequence(), Duration.ofSeconds(30)));
            DirectoryComparison.assertSameTree(cluster.primaryDirectory, cluster.backupConfigs.get(0).directory());
            assertEquals(pump.sequence(), restarted.durableSequence());
            assertEquals(List.of(), List.copyOf(cluster.refusals));
        }
    }
}
