package org.swiftft.replication.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.swiftft.libft.replication.wire.Operation;
import org.swiftft.replication.ConsistencyLevel;

@Timeout(90) // a hang is a failure, not a stuck build
class CopyModeSourceTest {

    @TempDir
    Path temp;

    @Test
    void randomFileChangesEndByteForByteEqualOnTheBackup() throws Exception {
        try (CopyModeFixture fixture = new CopyModeFixture(temp, ConsistencyLevel.DURABLE)) {
            FileChurn churn = new FileChurn(7, fixture.primary);
            for (int phase = 0; phase < 4; phase++) {
                churn.run(60);
                fixture.settle();
                fixture.assertBackupEqualsPrimary();
            }
            assertEquals(List.of(), List.copyOf(fixture.cluster.failures));
        }
    }

    @Test
    void contentIsOnlyEverWrittenToATemporaryNameAndRenamedIntoPlace() throws Exception {
        try (CopyModeFixture fixture = new CopyModeFixture(temp, ConsistencyLevel.DURABLE)) {
            new FileChurn(8, fixture.primary).run(80);
            fixture.settle();
            for (Operation op : fixture.sink.operations()) {
                if (op instanceof Operation.WriteAt || op instanceof Operation.Truncate || op instanceof Operation.Force
                        || op instanceof Operation.Rename) {
                    String written = op.path();
                    assertTrue(FileShipper.isTempName(written.substring(written.lastIndexOf('/') + 1)),
                            "written in place: " + op);
                }
                if (op instanceof Operation.CopyFile copy) {
                    assertEquals(FileShipper.tempName(copy.path()), copy.target());
                }
                assertTrue(!(op instanceof Operation.Create || op instanceof Operation.Append), "unexpected " + op);
            }
            fixture.assertBackupEqualsPrimary();
        }
    }

    @Test
    void anAppendToALargeFileSendsOnlyTheChangedBlocks() throws Exception {
        try (CopyModeFixture fixture = new CopyModeFixture(temp, ConsistencyLevel.DURABLE)) {
            Path log = fixture.primary.resolve("app.log");
            Files.write(log, random(9, 10 << 20));
            fixture.settle();
            long before = fixture.sink.dataBytes();
            int mark = fixture.sink.mark();

            Files.write(log, random(10, 1000), StandardOpenOption.APPEND);
            fixture.settle();

            long sent = fixture.sink.dataBytes() - before;
            assertTrue(sent <= BlockSignatures.BLOCK_BYTES + 1000L, "sent " + sent + " bytes for a 1000-byte append");
            List<Operation> forLog = fixture.sink.since(mark).stream()
                    .filter(op -> op.path().contains("app.log")).toList();
            assertEquals(List.of("CopyFile", "WriteAt", "Truncate", "SetAttributes", "Force", "Rename"),
                    forLog.stream().map(op -> op.getClass().getSimpleName()).toList());
            fixture.assertBackupEqualsPrimary();
        }
    }

    @Test
    void aFileChangingContinuouslyIsNotShippedUntilItIsQuiet() throws Exception {
        try (CopyModeFixture fixture = new CopyModeFixture(temp, ConsistencyLevel.DURABLE)) {
            Path busy = fixture.primary.resolve("busy.log");
            int mark = fixture.sink.mark();
            long end = System.nanoTime() + 5 * CopyModeFixture.QUIET.toNanos();
            while (System.nanoTime() < end) {
                Files.write(busy, random(System.nanoTime(), 5000), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                Thread.sleep(CopyModeFixture.QUIET.toMillis() / 5); // the writer's pace: changes closer than quiet
                assertTrue(fixture.sink.since(mark).stream().noneMatch(op -> op.path().contains("busy.log")),
                        "shipped while it was still being written");
            }
            fixture.settle();
            assertTrue(fixture.sink.since(mark).stream().anyMatch(op -> op.path().contains("busy.log")));
            fixture.assertBackupEqualsPrimary();
        }
    }

    @Test
    void aRestartedSourceDoesNotResendUnchangedFiles() throws Exception {
        try (CopyModeFixture fixture = new CopyModeFixture(temp, ConsistencyLevel.DURABLE)) {
            for (int i = 0; i < 20; i++) {
                Files.createDirectories(fixture.primary.resolve("d" + i % 3));
                Files.write(fixture.primary.resolve("d" + i % 3 + "/f" + i), random(i, 300_000));
            }
            fixture.settle();
            fixture.source.close();
            Files.write(fixture.primary.resolve("d1/f1"), random(99, 100), StandardOpenOption.APPEND);
            Files.delete(fixture.primary.resolve("d2/f2"));
            long before = fixture.sink.dataBytes();
            int mark = fixture.sink.mark();

            fixture.startSource();
            fixture.settle();

            long sent = fixture.sink.dataBytes() - before;
            assertTrue(sent <= BlockSignatures.BLOCK_BYTES + 100L + 10, "sent " + sent + " bytes after a restart");
            assertEquals(List.of("d1/f1", "d2/f2", "settled"), fixture.sink.since(mark).stream()
                    .map(Operation::path).filter(p -> !FileShipper.isTempName(p.substring(p.lastIndexOf('/') + 1)))
                    .distinct().sorted().toList());
            fixture.assertBackupEqualsPrimary();
        }
    }

    @Test
    void removedDirectoryTreesAreRemovedOnTheBackupDeepestFirst() throws Exception {
        try (CopyModeFixture fixture = new CopyModeFixture(temp, ConsistencyLevel.DURABLE)) {
            Path tree = Files.createDirectories(fixture.primary.resolve("a/b/c"));
            Files.write(tree.resolve("x"), random(1, 70_000));
            Files.write(fixture.primary.resolve("a/y"), random(2, 10));
            fixture.settle();
            fixture.assertBackupEqualsPrimary();

            FileChurn.deleteTree(fixture.primary.resolve("a"));
            fixture.settle();

            fixture.assertBackupEqualsPrimary();
            assertEquals(List.of(), List.copyOf(fixture.cluster.failures));
        }
    }

    @Test
    void aSymlinkIsLeftOutAndReportedOnce() throws Exception {
        try (CopyModeFixture fixture = new CopyModeFixture(temp, ConsistencyLevel.DURABLE)) {
            Files.write(fixture.primary.resolve("real"), random(3, 10));
            Files.createSymbolicLink(fixture.primary.resolve("link"), Path.of("real"));
            fixture.settle();
            Files.setLastModifiedTime(fixture.primary.resolve("real"), java.nio.file.attribute.FileTime.fromMillis(0));
            fixture.settle();

            assertTrue(Files.notExists(fixture.backup.resolve("link")));
            assertEquals(1, fixture.cluster.failures.stream().filter(f -> f.contains("link")).count(),
                    fixture.cluster.failures.toString());
            Files.delete(fixture.primary.resolve("link"));
            fixture.settle();
            fixture.assertBackupEqualsPrimary();
        }
    }

    @Test
    void aBurstOfMoreEventsThanTheWatchQueueHoldsEndsEqual() throws Exception {
        try (CopyModeFixture fixture = new CopyModeFixture(temp, ConsistencyLevel.DURABLE)) {
            Path burst = Files.createDirectories(fixture.primary.resolve("burst"));
            for (int i = 0; i < 600; i++) { // each install is a rename barrier on the backup: about 10 ms
                Files.write(burst.resolve("f" + i), new byte[] {(byte) i});
            }
            fixture.settle();
            fixture.assertBackupEqualsPrimary();
        }
    }

    @Test
    void aRescanShipsNothingThatDidNotChange() throws Exception {
        try (CopyModeFixture fixture = new CopyModeFixture(temp, ConsistencyLevel.DURABLE)) {
            Files.write(fixture.primary.resolve("kept"), random(4, 100_000));
            fixture.settle();
            long rescans = fixture.source.rescans();
            int mark = fixture.sink.mark();

            fixture.source.rescan();
            fixture.settle();

            assertTrue(fixture.source.rescans() > rescans);
            assertEquals(List.of("settled"), fixture.sink.since(mark).stream().map(Operation::path)
                    .filter(p -> !FileShipper.isTempName(p)).distinct().toList(), "unchanged files were shipped again");
            fixture.assertBackupEqualsPrimary();
        }
    }

    static byte[] random(long seed, int length) {
        byte[] data = new byte[length];
        new Random(seed).nextBytes(data);
        return data;
    }

}
