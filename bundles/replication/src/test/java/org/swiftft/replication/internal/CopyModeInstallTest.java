package org.swiftft.replication.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.swiftft.libft.replication.wire.Operation;
import org.swiftft.replication.ConsistencyLevel;

@Timeout(90) // a hang is a failure, not a stuck build
class CopyModeInstallTest {

    private static final int BLOCK = BlockSignatures.BLOCK_BYTES;

    @TempDir
    Path temp;

    @Test
    void aReaderOnTheBackupOnlyEverSeesVersionsThePrimaryHadAtAQuietPoint() throws Exception {
        try (CopyModeFixture fixture = new CopyModeFixture(temp, ConsistencyLevel.DURABLE)) {
            Path file = fixture.primary.resolve("doc");
            Set<String> quietVersions = ConcurrentHashMap.newKeySet();
            Set<String> seen = ConcurrentHashMap.newKeySet();
            AtomicBoolean stop = new AtomicBoolean();
            CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> {
                while (!stop.get()) {
                    try {
                        seen.add(sha256(Files.readAllBytes(fixture.backup.resolve("doc"))));
                    } catch (NoSuchFileException e) {
                        // not shipped yet
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            });
            for (int version = 0; version < 8; version++) {
                // Written in place in several steps, so the primary itself passes through mixed states.
                byte[] content = CopyModeSourceTest.random(version, (1 + version % 3) * 700_000);
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                    for (int at = 0; at < content.length; at += 100_000) {
                        channel.write(java.nio.ByteBuffer.wrap(content, at, Math.min(100_000, content.length - at)), at);
                    }
                    channel.truncate(content.length);
                }
                quietVersions.add(sha256(content));
                fixture.settle();
            }
            stop.set(true);
            reader.get(10, TimeUnit.SECONDS);

            assertTrue(quietVersions.containsAll(seen), "the backup showed a version the primary never had at rest");
            assertTrue(seen.size() >= 2, "the reader saw too little to tell: " + seen.size() + " version(s)");
            fixture.assertBackupEqualsPrimary();
        }
    }

    @Test
    void anInstallCutShortBeforeItsAcknowledgementIsShippedWholeAfterARestart() throws Exception {
        try (CopyModeFixture fixture = new CopyModeFixture(temp, ConsistencyLevel.DURABLE)) {
            Path file = fixture.primary.resolve("held");
            byte[] v1 = CopyModeSourceTest.random(1, 8 * BLOCK);
            Files.write(file, v1);
            fixture.settle();
            fixture.source.close();

            // v2 reaches the backup, but the source never hears it acknowledged and is stopped.
            List<Operation> submitted = new CopyOnWriteArrayList<>();
            fixture.startSource(op -> {
                submitted.add(op);
                var stage = fixture.pump.submit(op);
                return op.path().contains("held") ? new CompletableFuture<>() : stage;
            });
            byte[] v2 = v1.clone();
            v2[2 * BLOCK] ^= 1;
            Files.write(file, v2);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (submitted.stream().noneMatch(op -> op instanceof Operation.Rename)) {
                assertTrue(System.nanoTime() < deadline, "v2 was never shipped");
                Thread.sleep(10);
            }
            fixture.source.close();

            // v3 differs from v1 in another block only: relative to v1's signatures that block alone
            // would be sent, and the backup, holding v2, would end up with a file that never existed.
            byte[] v3 = v1.clone();
            v3[5 * BLOCK] ^= 1;
            Files.write(file, v3);
            long before = fixture.sink.dataBytes();
            fixture.startSource();
            fixture.settle();

            assertEquals(v3.length + 1L, fixture.sink.dataBytes() - before, "held shipped whole, plus the sentinel");
            fixture.assertBackupEqualsPrimary();
        }
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
