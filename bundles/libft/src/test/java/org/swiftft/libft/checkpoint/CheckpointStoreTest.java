package org.swiftft.libft.checkpoint;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.swiftft.checkpoint.CheckpointDTO;
import org.swiftft.checkpoint.CheckpointDTO.Kind;
import org.swiftft.checkpoint.CheckpointDTO.Verification;
import org.swiftft.checkpoint.CheckpointException;
import org.swiftft.checkpoint.CheckpointException.Reason;
import org.swiftft.checkpoint.CheckpointOptions;
import org.swiftft.checkpoint.CheckpointStore;
import org.swiftft.checkpoint.CriticalRegion;
import org.swiftft.checkpoint.RecoveredCheckpoint;
import org.swiftft.checkpoint.StateUpdate;

/** What each method of a checkpoint store promises, one behaviour per test. */
class CheckpointStoreTest {

    static final CheckpointOptions SMALL = new CheckpointOptions(0, 3, 4096, 4, 1L << 30);

    @TempDir
    Path dir;

    @Test
    void noCheckpointOfBlankMemoryBeforeRecoverySoTheFilesStateIsNeverOverwritten() throws Exception {
        try (CheckpointStore store = Checkpoints.open(dir, "app", CheckpointOptions.defaults().withInterval(20))) {
            store.allocate("value", 8).write(0, java.nio.ByteBuffer.allocate(8).putLong(0, 42));
            store.checkpoint();
        }
        try (CheckpointStore store = Checkpoints.open(dir, "app", new org.swiftft.checkpoint.CheckpointOptions(20, 1, 4096, 8, 1L << 30))) {
            CriticalRegion value = store.allocate("value", 8);
            Thread.sleep(200); // start-up work: periodic checkpoints would come due meanwhile
            IllegalStateException early = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, store::checkpoint);
            assertTrue(early.getMessage().contains("call recover() before taking a new one"), early.getMessage());

            assertTrue(store.recover().isPresent());
            java.nio.ByteBuffer read = java.nio.ByteBuffer.allocate(8);
            value.read(0, read);
            assertEquals(42, read.getLong(0), "the state the files held, not blank memory checkpointed over it");
        }
    }

    @Test
    void allocatingAnExistingNameWithItsSizeReturnsThatRegion() throws Exception {
        try (CheckpointStore store = Checkpoints.open(dir, "app", SMALL)) {
            CriticalRegion region = store.allocate("r", 10_000);
            assertSame(region, store.allocate("r", 10_000));
            assertThrows(IllegalArgumentException.class, () -> store.allocate("r", 20_000));
        }
    }

    @Test
    void aNameIsEitherARegionOrAProvider() throws Exception {
        try (CheckpointStore store = Checkpoints.open(dir, "app", SMALL)) {
            store.allocate("r", 100);
            store.register("p", new BytesProvider(new byte[1]));
            assertThrows(IllegalArgumentException.class, () -> store.register("r", new BytesProvider(new byte[1])));
            assertThrows(IllegalArgumentException.class, () -> store.register("p", new BytesProvider(new byte[1])));
            assertThrows(IllegalArgumentException.class, () -> store.allocate("p", 100));
        }
    }

    @Test
    void regionWritesAndReadsAdvanceTheBuffersLikeBulkPutAndGet() throws Exception {
        try (CheckpointStore store = Checkpoints.open(dir, "app", SMALL)) {
            CriticalRegion region = store.allocate("r", 100);
            ByteBuffer src = ByteBuffer.wrap(new byte[] {1, 2, 3});
            region.write(97, src);
            assertFalse(src.hasRemaining());
            ByteBuffer dst = ByteBuffer.allocate(3);
            region.read(97, dst);
            assertArrayEquals(new byte[] {1, 2, 3}, dst.array());
            assertThrows(IndexOutOfBoundsException.class, () -> region.write(98, ByteBuffer.allocate(3)));
            assertThrows(IndexOutOfBoundsException.class, () -> region.read(98, ByteBuffer.allocate(3)));
            assertEquals(3, region.buffer().get(99));
        }
    }

    @Test
    void aCheckpointIsAFileUnderItsSequenceAndTheFirstIsFull() throws Exception {
        try (CheckpointStore store = Checkpoints.open(dir, "app", SMALL)) {
            store.allocate("r", 50_000).write(0, ByteBuffer.wrap(new byte[] {9}));
            CheckpointDTO first = store.checkpoint();
            CheckpointDTO second = store.checkpoint();
            assertEquals(1, first.sequence);
            assertEquals(Kind.FULL, first.kind);
            assertEquals(2, second.sequence);
            assertEquals(Kind.INCREMENTAL, second.kind);
            assertEquals(1, second.baseSequence);
            assertEquals(-1, first.journalPosition);
            assertEquals(50_000, first.stateBytes);
            assertEquals(dir.resolve("00000000000000000001.ckpt").toAbsolutePath().toString(), first.file);
            assertEquals(Files.size(Path.of(first.file)), first.sizeBytes);
            assertTrue(second.sizeBytes < 1000, "an unchanged region writes no block: " + second.sizeBytes);
        }
    }

    @Test
    void recoverRestoresRegionsAndProvidersAndNamesWhatDidNotMatch() throws Exception {
        try (CheckpointStore store = Checkpoints.open(dir, "app", SMALL)) {
            store.allocate("r", 9000).write(8990, ByteBuffer.wrap(new byte[] {7, 7}));
            store.register("p", new BytesProvider(new byte[] {1, 2, 3}));
            store.register("gone", new BytesProvider(new byte[] {4}));
            store.checkpoint(42);
        }
        try (CheckpointStore store = Checkpoints.open(dir, "app", SMALL)) {
            CriticalRegion region = store.allocate("r", 9000);
            BytesProvider p = new BytesProvider(new byte[0]);
            store.register("p", p);
            store.register("new", new BytesProvider(new byte[0]));
            RecoveredCheckpoint recovered = store.recover().orElseThrow();
            assertEquals(7, region.buffer().get(8991));
            assertArrayEquals(new byte[] {1, 2, 3}, p.state);
            assertEquals(List.of("p", "r"), recovered.restored());
            assertEquals(List.of("new"), recovered.missing());
            assertEquals(List.of("gone"), recovered.unclaimed());
            assertEquals(List.of(), recovered.skipped());
            assertEquals(42, recovered.checkpoint().journalPosition);
            assertEquals(Verification.OK, recovered.checkpoint().verified);
        }
    }

    @Test
    void recoverOnAnEmptyDirectoryIsAFirstStart() throws Exception {
        try (CheckpointStore store = Checkpoints.open(dir, "app", SMALL)) {
            assertTrue(store.recover().isEmpty());
        }
    }

    @Test
    void aRegionOfAnotherSizeIsRefusedBeforeAnythingIsRestored() throws Exception {
        try (CheckpointStore store = Checkpoints.open(dir, "app", SMALL)) {
            store.allocate("a", 100).write(0, ByteBuffer.wrap(new byte[] {1}));
            store.allocate("b", 100);
            store.checkpoint();
        }
        try (CheckpointStore store = Checkpoints.open(dir, "app", SMALL)) {
            CriticalRegion a = store.allocate("a", 100);
            store.allocate("b", 200);
            CheckpointException e = assertThrows(CheckpointException.class, store::recover);
            assertTrue(e.getMessage().contains("'b' is a region of 200 bytes now but was 100 bytes"), e.getMessage());
            assertEquals(0, a.buffer().get(0), "nothing restored");
        }
    }

    @Test
    void unregisteredStateIsLeftOutOfLaterCheckpoints() throws Exception {
        try (CheckpointStore store = Checkpoints.open(dir, "app", SMALL)) {
            CriticalRegion r = store.allocate("r", 100);
            store.checkpoint();
            store.unregister("r");
            assertThrows(IllegalStateException.class, () -> r.write(0, ByteBuffer.allocate(1)));
            assertEquals(0, store.checkpoint().stateBytes);
        }
    }

    @Test
    void retentionKeepsTheLastRetainCheckpoints() throws Exception {
        try (CheckpointStore store = Checkpoints.open(dir, "app", new CheckpointOptions(0, 2, 4096, 0, 1L << 30))) {
            store.allocate("r", 10_000);
            for (int i = 0; i < 5; i++) {
                store.checkpoint();
            }
            List<CheckpointDTO> listed = store.checkpoints();
            assertEquals(List.of(4L, 5L), listed.stream().map(d -> d.sequence).toList());
            assertTrue(listed.stream().allMatch(d -> d.verified == Verification.UNCHECKED && d.kind == Kind.FULL));
            assertTrue(store.verify().stream().allMatch(d -> d.verified == Verification.OK));
        }
    }

    @Test
    void retentionKeepsTheChainARetainedIncrementNeeds() throws Exception {
        try (CheckpointStore store = Checkpoints.open(dir, "app", new CheckpointOptions(0, 1, 4096, 10, 1L << 30))) {
            store.allocate("r", 10_000);
            for (int i = 0; i < 3; i++) {
                store.checkpoint();
            }
            List<CheckpointDTO> listed = store.checkpoints();
            assertEquals(List.of(1L, 2L, 3L), listed.stream().map(d -> d.sequence).toList());
            assertEquals(List.of(1L, 1L, 1L), listed.stream().map(d -> d.baseSequence).toList());
        }
    }

    @Test
    void aClosedStoreRefusesCheckpoints() throws Exception {
        CheckpointStore store = Checkpoints.open(dir, "app", SMALL);
        store.close();
        store.close();
        assertEquals(Reason.CLOSED, assertThrows(CheckpointException.class, store::checkpoint).reason());
    }

    @Test
    void oneStorePerDirectory() throws Exception {
        try (CheckpointStore store = Checkpoints.open(dir, "app", SMALL)) {
            CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoints.open(dir, "app", SMALL));
            assertTrue(e.getMessage().contains("in use by another store"), e.getMessage());
        }
        Checkpoints.open(dir, "app", SMALL).close();
    }

    @Test
    void aPeriodicCheckpointWithAHandlerIsAskedForNotTaken() throws Exception {
        CountDownLatch asked = new CountDownLatch(3);
        try (CheckpointStore store = Checkpoints.open(dir, "app", SMALL.withInterval(5))) {
            store.onRequest(reason -> {
                assertEquals("periodic", reason);
                asked.countDown();
            });
            assertTrue(asked.await(10, TimeUnit.SECONDS));
            assertEquals(List.of(), store.checkpoints(), "the application takes it at its quiet point");
        }
    }

    @Test
    void aPeriodicCheckpointWaitsUntilNoUpdateIsOpen() throws Exception {
        try (FileCheckpointStore store = Checkpoints.open(dir, "app", SMALL.withInterval(5), CheckpointFileSystem.REAL)) {
            CriticalRegion r = store.allocate("r", 100);
            StateUpdate update = store.updating();
            while (!store.checkpointWaitingForUpdates()) {
                Thread.onSpinWait(); // the scheduler thread queues for the exclusive side
            }
            assertEquals(List.of(), store.checkpoints(), "no checkpoint while an update is open");
            r.write(0, ByteBuffer.wrap(new byte[] {5}));
            CountDownLatch taken = new CountDownLatch(1);
            update.close();
            update.close();
            try (StateUpdate next = store.updating()) { // waits for the checkpoint if it is being taken
                while (store.checkpoints().isEmpty()) {
                    Thread.onSpinWait();
                }
                taken.countDown();
            }
            assertTrue(taken.await(10, TimeUnit.SECONDS));
        }
    }
}
