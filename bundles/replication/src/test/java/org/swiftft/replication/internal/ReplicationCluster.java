package org.swiftft.replication.internal;

import org.swiftft.libft.peer.SharedSecret;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.swiftft.replication.ConsistencyLevel;

/** A primary and its backups on loopback, each in directories of its own under a temp directory. */
final class ReplicationCluster implements AutoCloseable {

    static final SharedSecret SECRET = new SharedSecret("correct horse battery staple".getBytes());

    final Path root;
    final Path primaryDirectory;
    final List<ReplicaBackup> backups = new ArrayList<>();
    final List<BackupConfig> backupConfigs = new ArrayList<>();
    final ConcurrentLinkedQueue<String> refusals = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    /** Held by a workload around each local apply and submit, and by a resync (the pump's writer pause). */
    final ReentrantLock writing = new ReentrantLock();
    ReplicationPump pump;

    ReplicationCluster(Path root, int backupCount) throws IOException {
        this.root = root;
        this.primaryDirectory = Files.createDirectories(root.resolve("primary/set"));
        for (int i = 0; i < backupCount; i++) {
            BackupConfig config = BackupConfig.of("orders", Files.createDirectories(root.resolve("backup" + i + "/set")),
                    root.resolve("backup" + i + "/state"), SECRET).withListener(listener("backup" + i));
            backupConfigs.add(config);
            backups.add(new ReplicaBackup(config));
        }
    }

    ReplicationListener listener(String who) {
        return new ReplicationListener() {
            @Override
            public void refused(String peer, String message) {
                refusals.add(who + ": " + peer + ": " + message);
            }

            @Override
            public void failed(String peer, String message) {
                failures.add(who + ": " + peer + ": " + message);
            }
        };
    }

    List<InetSocketAddress> backupAddresses() {
        return backups.stream().map(ReplicaBackup::address).toList();
    }

    ReplicationPump startPump(ConsistencyLevel level, Function<PumpConfig, PumpConfig> tune) throws IOException {
        return startPump(level, backupAddresses(), tune);
    }

    ReplicationPump startPump(ConsistencyLevel level, List<InetSocketAddress> to, Function<PumpConfig, PumpConfig> tune)
            throws IOException {
        PumpConfig config = PumpConfig.of("orders", primaryDirectory, root.resolve("primary/state"), SECRET, level, to)
                .withListener(listener("primary")).withDegradeAfter(Duration.ofSeconds(30))
                .withWriters(() -> {
                    writing.lockInterruptibly();
                    return writing::unlock;
                });
        pump = new ReplicationPump(tune.apply(config));
        return pump;
    }

    /** Replaces backup {@code i} by a new instance on the same directories and address. */
    void restartBackup(int i) throws IOException {
        InetSocketAddress address = backups.get(i).address();
        backups.get(i).close();
        backups.set(i, new ReplicaBackup(backupConfigs.get(i).withListen(address)));
    }

    boolean awaitConnected(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (pump.connectedBackups() < count) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.onSpinWait();
            Thread.sleep(1); // polling a status, not waiting out a race: there is no event to wait on
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        if (pump != null) {
            pump.close();
        }
        for (ReplicaBackup backup : backups) {
            backup.close();
        }
    }
}
