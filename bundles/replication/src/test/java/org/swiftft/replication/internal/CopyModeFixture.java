package org.swiftft.replication.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.swiftft.replication.ConsistencyLevel;

/**
 * A primary directory watched by a copy-mode source, shipping through a real pump to one real
 * backup over loopback, with a quiet interval of 200 ms.
 */
final class CopyModeFixture implements AutoCloseable {

    static final Duration QUIET = Duration.ofMillis(200);
    static final String SENTINEL = "settled";

    final ReplicationCluster cluster;
    final Path primary;
    final Path backup;
    final ReplicationPump pump;
    final RecordingSink sink;
    CopyModeSource source;
    private int settles;

    CopyModeFixture(Path temp, ConsistencyLevel level) throws Exception {
        this.cluster = new ReplicationCluster(temp, 1);
        this.primary = cluster.primaryDirectory;
        this.backup = cluster.backupConfigs.get(0).directory();
        this.pump = cluster.startPump(level, c -> c);
        assertTrue(cluster.awaitConnected(1, Duration.ofSeconds(10)), "the backup did not connect");
        this.sink = new RecordingSink(pump);
        startSource();
    }

    CopyModeConfig config() {
        return CopyModeConfig.of("orders", primary, cluster.root.resolve("primary/copy-state"), ConsistencyLevel.DURABLE)
                .withQuiet(QUIET).withListener(cluster.listener("copy"));
    }

    void startSource() throws IOException {
        startSource(sink);
    }

    void startSource(OperationSink through) throws IOException {
        source = new CopyModeSource(config(), through);
    }

    void restartSource() throws IOException {
        source.close();
        startSource();
    }

    /**
     * Waits until everything changed so far is shipped and applied on the backup: a sentinel file
     * written last is on the backup (events come in order, so every earlier change was taken no
     * later), nothing is waiting for quiet, and the backup applied all the pump's operations.
     */
    void settle() throws Exception {
        String expected = Integer.toString(++settles);
        Files.writeString(primary.resolve(SENTINEL), expected);
        long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        awaitShippedAndApplied(expected, deadline);
        // Each directory has its own watch key, and the service may hand out the sentinel's before
        // another directory's earlier events: a walk of the whole tree leaves nothing unseen.
        long rescans = source.rescans();
        source.rescan();
        while (source.rescans() == rescans) {
            if (System.nanoTime() > deadline) {
                fail("the requested rescan did not run");
            }
            Thread.sleep(10); // the watcher thread runs it; there is no event to wait on
        }
        awaitShippedAndApplied(expected, deadline);
    }

    /**
     * Until the sentinel is on the backup, nothing is waiting for quiet or being shipped, and the
     * backup has applied every operation the pump has — with no round begun while it looked.
     */
    private void awaitShippedAndApplied(String expected, long deadline) throws Exception {
        Path copy = backup.resolve(SENTINEL);
        while (true) {
            assertTrue(source.awaitIdle(Duration.ofSeconds(30)), "the source did not become idle");
            long sequence = pump.sequence();
            assertTrue(cluster.backups.get(0).awaitApplied(sequence, Duration.ofSeconds(30)),
                    "the backup did not apply " + sequence);
            if (Files.exists(copy) && expected.equals(Files.readString(copy)) && source.pendingPaths() == 0
                    && source.awaitIdle(Duration.ofMillis(1)) && pump.sequence() == sequence) {
                return;
            }
            if (System.nanoTime() > deadline) {
                fail("the sentinel never reached the backup; failures: " + cluster.failures);
            }
            Thread.sleep(QUIET.toMillis() / 4); // the sentinel's event may not have been delivered yet
        }
    }

    void assertBackupEqualsPrimary() throws IOException {
        DirectoryComparison.assertSameTree(primary, backup);
        assertEquals(List.of(), List.copyOf(cluster.refusals));
    }

    @Override
    public void close() throws IOException {
        if (source != null) {
            source.close();
        }
        cluster.close();
    }
}
