package org.swiftft.replication.internal;

import org.swiftft.libft.peer.SharedSecret;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.swiftft.libft.replication.wire.Operation;
import org.swiftft.libft.replication.wire.OperationCodec;
import org.swiftft.replication.ConsistencyLevel;

/** Strangers, garbage, stale primaries and paths outside the set: refused, counted, nothing written. */
@Timeout(60) // a hang is a failure, not a stuck build
class RefusalTest {

    @TempDir
    Path temp;

    private static boolean nothingIn(Path directory) throws IOException {
        try (var list = Files.list(directory)) {
            return list.findAny().isEmpty();
        }
    }

    @Test
    void aPrimaryWithTheWrongSecretIsRefusedReportedAndWritesNothing() throws Exception {
        try (ReplicationCluster cluster = new ReplicationCluster(temp, 1)) {
            SharedSecret wrong = new SharedSecret("not the secret, but long enough".getBytes());
            ReplicationPump pump = cluster.startPump(ConsistencyLevel.ASYNC,
                    c -> c.withSecret(wrong));
            pump.submit(new Operation.Create("f")).toCompletableFuture().get();
            ReplicaBackup backup = cluster.backups.get(0);
            long deadline = System.nanoTime() + 20_000_000_000L;
            // the link retries with backoff; the first attempt is refused at once, on both sides, each
            // reporting it on its own thread
            while (backup.refusedCount() == 0 || cluster.refusals.stream().noneMatch(r -> r.startsWith("primary"))) {
                if (System.nanoTime() > deadline) {
                    break;
                }
                Thread.sleep(5);
            }
            assertTrue(cluster.refusals.stream().anyMatch(r -> r.startsWith("backup0") && r.contains("secret")),
                    cluster.refusals.toString());
            assertTrue(cluster.refusals.stream().anyMatch(r -> r.startsWith("primary")),
                    "the primary did not report being refused: " + cluster.refusals);
            assertEquals(0, pump.connectedBackups());
            assertEquals(0, backup.receivedSequence());
            assertTrue(nothingIn(cluster.backupConfigs.get(0).directory()));
        }
    }

    @Test
    void garbageOnThePortIsRefusedAndTheBackupServesItsPrimaryAfterwards() throws Exception {
        try (ReplicationCluster cluster = new ReplicationCluster(temp, 1)) {
            ReplicaBackup backup = cluster.backups.get(0);
            try (Socket socket = new Socket(backup.address().getAddress(), backup.address().getPort())) {
                socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: backup\r\n\r\n".repeat(100).getBytes());
                assertEquals(-1, socket.getInputStream().read(), "a stranger was told something");
            }
            assertEquals(1, backup.refusedCount());
            assertTrue(cluster.refusals.peek().contains("bad frame magic"), cluster.refusals.toString());
            ReplicationPump pump = cluster.startPump(ConsistencyLevel.DURABLE, c -> c);
            assertTrue(cluster.awaitConnected(1, Duration.ofSeconds(10)));
            long sequence = pump.submit(new Operation.Create("f")).toCompletableFuture().get();
            assertTrue(backup.awaitApplied(sequence, Duration.ofSeconds(10)));
        }
    }

    @Test
    void anOperationWithAPathOutsideTheSetIsRefusedAndNothingIsWritten() throws Exception {
        try (ReplicationCluster cluster = new ReplicationCluster(temp, 1)) {
            ReplicaBackup backup = cluster.backups.get(0);
            try (Socket socket = new Socket(backup.address().getAddress(), backup.address().getPort())) {
                DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
                OutputStream out = socket.getOutputStream();
                Frame welcome = Handshake.asPrimary(in, out, "backup", "orders", ReplicationCluster.SECRET, 1);
                assertEquals(0, welcome.sequence());
                byte[] evil = OperationCodec.encode(new Operation.WriteAt("../../escaped", 0, "x".getBytes()));
                FrameCodec.write(out, new Frame(FrameType.OPERATION, 1, 1, evil));
                out.flush();
                assertThrows(EOFException.class, () -> {
                    while (true) {
                        FrameCodec.read(in, "backup", 64); // acknowledgements until the backup hangs up
                    }
                });
            }
            assertEquals(1, backup.refusedCount());
            assertTrue(cluster.refusals.peek().contains("'../../escaped' refused"), cluster.refusals.toString());
            assertEquals(0, backup.receivedSequence());
            assertTrue(Files.notExists(temp.resolve("escaped")) && Files.notExists(temp.resolve("backup0/escaped")));
        }
    }

    @Test
    void aPrimaryOfAStaleEpochIsRefused() throws Exception {
        try (ReplicationCluster cluster = new ReplicationCluster(temp, 1)) {
            ReplicationPump current = cluster.startPump(ConsistencyLevel.DURABLE, c -> c.withEpoch(5));
            assertTrue(cluster.awaitConnected(1, Duration.ofSeconds(10)));
            current.submit(new Operation.Create("f")).toCompletableFuture().get();
            current.close();
            ReplicationPump stale = cluster.startPump(ConsistencyLevel.ASYNC, List.of(cluster.backups.get(0).address()),
                    c -> c.withEpoch(4).withListener(cluster.listener("stale")));
            ReplicaBackup backup = cluster.backups.get(0);
            while (backup.refusedCount() == 0) {
                Thread.onSpinWait();
            }
            assertTrue(cluster.refusals.stream().anyMatch(r -> r.contains("stale epoch 4")), cluster.refusals.toString());
            stale.close();
        }
    }

    @Test
    void strangersHoldingTheirHandshakeOpenCannotCrowdOutThePrimary() throws Exception {
        try (ReplicationCluster cluster = new ReplicationCluster(temp, 1)) {
            ReplicaBackup backup = cluster.backups.get(0);
            List<Socket> strangers = new java.util.ArrayList<>();
            try {
                for (int i = 0; i < ReplicaBackup.MAX_HANDSHAKING; i++) {
                    strangers.add(new Socket(backup.address().getAddress(), backup.address().getPort()));
                }
                try (Socket oneMore = new Socket(backup.address().getAddress(), backup.address().getPort())) {
                    oneMore.setSoTimeout(5_000);
                    assertEquals(-1, oneMore.getInputStream().read(), "closed at once");
                }
                assertTrue(cluster.refusals.stream().anyMatch(r -> r.contains("already in their handshake")),
                        cluster.refusals.toString());
            } finally {
                for (Socket stranger : strangers) {
                    stranger.close();
                }
            }
            ReplicationPump pump = cluster.startPump(ConsistencyLevel.DURABLE, c -> c);
            long sequence = pump.submit(new Operation.Create("after")).toCompletableFuture().get();
            assertTrue(backup.awaitApplied(sequence, Duration.ofSeconds(10)), "the primary got through");
        }
    }

    @Test
    void anOperationTheFileSystemRefusesIsSkippedOnTheBackupNotRetriedForEver() throws Exception {
        try (ReplicationCluster cluster = new ReplicationCluster(temp, 1)) {
            ReplicationPump pump = cluster.startPump(ConsistencyLevel.DURABLE, c -> c);
            assertTrue(cluster.awaitConnected(1, Duration.ofSeconds(10))); // past its first resync
            pump.submit(new Operation.Mkdir("dd/inner"));
            pump.submit(new Operation.Rename("dd", "dd/inner/dd")); // a directory into itself: EINVAL
            long last = pump.submit(new Operation.Create("after")).toCompletableFuture().get();
            ReplicaBackup backup = cluster.backups.get(0);
            assertTrue(backup.awaitApplied(last, Duration.ofSeconds(10)), "replay went on past it");
            assertTrue(Files.exists(cluster.backupConfigs.get(0).directory().resolve("after")));
            assertTrue(cluster.failures.stream().anyMatch(f -> f.contains("is skipped")), cluster.failures.toString());
        }
    }
}
