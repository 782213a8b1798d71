package org.swiftft.replication.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.swiftft.replication.ConsistencyLevel;

/**
 * Faults on the link between primary and backup. After each clears, the backup equals the primary
 * as of the last acknowledged operation, and at the moment any operation was acknowledged DURABLE
 * the backup's log already held it durably.
 */
@Timeout(60) // a hang is a failure, not a stuck build
class FaultInjectionTest {

    @TempDir
    Path temp;

    @Test
    void duplicatedCorruptedCutDroppedAndStalledLinksLoseNothingAcknowledged() throws Exception {
        try (ReplicationCluster cluster = new ReplicationCluster(temp, 1);
                FaultyRelay relay = new FaultyRelay(cluster.backups.get(0).address())) {
            ReplicaBackup backup = cluster.backups.get(0);
            ReplicationPump pump = cluster.startPump(ConsistencyLevel.DURABLE, List.of(relay.address()),
                    // A lost backup keeps counting for longer than the test: no acknowledgement may skip it.
                    c -> c.withBackpressure(64L << 20).withDegradeAfter(Duration.ofMinutes(5)));
            assertTrue(cluster.awaitConnected(1, Duration.ofSeconds(10)));
            ConcurrentLinkedQueue<Long> violations = new ConcurrentLinkedQueue<>();
            Workload workload = new Workload(7, cluster.primaryDirectory, pump, cluster.writing).onAcknowledged(sequence -> {
                if (cluster.backups.get(0).durableSequence() < sequence) {
                    violations.add(sequence);
                }
            });
            workload.run(300);
            for (FaultyRelay.Fault fault : List.of(FaultyRelay.Fault.DUPLICATE, FaultyRelay.Fault.FLIP_PAYLOAD_BYTE,
                    FaultyRelay.Fault.CUT_MID_FRAME)) {
                CountDownLatch injected = relay.inject(fault);
                workload.run(300);
                assertTrue(injected.await(10, TimeUnit.SECONDS), fault + " was never injected");
            }
            relay.dropAll();
            workload.run(300);
            relay.stall();
            List<CompletableFuture<Long>> stages = workload.run(100); // within the backpressure bound
            long stalledAt = pump.sequence();
            assertTrue(pump.peers().get(0).durableSequence < stalledAt, "the stall did not hold anything back");
            relay.release();
            workload.run(300);
            CompletableFuture.allOf(stages.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

            assertTrue(backup.awaitApplied(pump.sequence(), Duration.ofSeconds(30)));
            DirectoryComparison.assertSameTree(cluster.primaryDirectory, cluster.backupConfigs.get(0).directory());
            assertEquals(List.of(), List.copyOf(violations), "acknowledged DURABLE before the backup's log had them");
            assertTrue(backup.refusedCount() >= 1, "the corrupted frame was not counted");
            assertEquals(null, backup.replayFailure());
        }
    }
}
