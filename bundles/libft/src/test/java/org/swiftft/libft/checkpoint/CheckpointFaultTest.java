package org.swiftft.libft.checkpoint;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.swiftft.checkpoint.CheckpointDTO;
import org.swiftft.checkpoint.CheckpointDTO.Kind;
import org.swiftft.checkpoint.CheckpointException;
import org.swiftft.checkpoint.CheckpointException.Reason;
import org.swiftft.checkpoint.CheckpointOptions;
import org.swiftft.checkpoint.CheckpointStore;
import org.swiftft.checkpoint.CriticalRegion;
import org.swiftft.checkpoint.RecoveredCheckpoint;
import org.swiftft.checkpoint.StateProvider;

/**
 * A failing fsync, a full disk, a throwing provider, a reached size cap and a power loss at any
 * instant: the checkpoint fails loudly, the previous one stays intact, the next one is full, and a
 * recovery returns an acknowledged state, never a mix.
 */
class CheckpointFaultTest {

    static final CheckpointOptions OPTIONS = new CheckpointOptions(0, 2, 512, 2, 1L << 30);

    @TempDir
    Path dir;

    final FaultyFileSystem fs = new FaultyFileSystem();

    FileCheckpointStore open() throws CheckpointException {
        return Checkpoints.open(dir, "app", OPTIONS, fs);
    }

    static void fill(CriticalRegion r, int value) {
        byte[] bytes = new byte[r.size()];
        Arrays.fill(bytes, (byte) value);
        r.write(0, ByteBuffer.wrap(bytes));
    }

    /** The state byte the newest good checkpoint holds, recovered by a store on the real file system. */
    int recoveredValue() throws Exception {
        try (CheckpointStore store = Checkpoints.open(dir, "app", OPTIONS)) {
            CriticalRegion r = store.allocate("r", 4000);
            store.recover().orElseThrow();
            return IncrementalCheckpointTest.bytes(r)[1234];
        }
    }

    List<Path> temporaryFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(CheckpointFormat.TEMP_SUFFIX)).toList();
        }
    }

    @Test
    void aFailedFsyncFailsTheCheckpointAndKeepsThePrevious() throws Exception {
        try (FileCheckpointStore store = open()) {
            CriticalRegion r = store.allocate("r", 4000);
            fill(r, 1);
            store.checkpoint();
            fill(r, 2);
            fs.failForce = true;
            CheckpointException e = assertThrows(CheckpointException.class, store::checkpoint);
            assertEquals(Reason.FSYNC_FAILED, e.reason());
            assertTrue(e.getMessage().contains("not retried"), e.getMessage());
            assertEquals(List.of(), temporaryFiles(), "its temporary file is removed");
            assertEquals(List.of(1L), store.checkpoints().stream().map(d -> d.sequence).toList());
            fs.failForce = false;
            CheckpointDTO next = store.checkpoint();
            assertEquals(Kind.FULL, next.kind, "the next checkpoint after a failure is full");
            assertEquals(2, next.sequence);
        }
        assertEquals(2, recoveredValue());
    }

    @Test
    void aFailedDirectoryFsyncFailsTheCheckpoint() throws Exception {
        try (FileCheckpointStore store = open()) {
            CriticalRegion r = store.allocate("r", 4000);
            fill(r, 1);
            store.checkpoint();
            fill(r, 2);
            fs.failDirectoryForce = true;
            assertEquals(Reason.FSYNC_FAILED, assertThrows(CheckpointException.class, store::checkpoint).reason());
            assertEquals(List.of(1L), store.checkpoints().stream().map(d -> d.sequence).toList());
        }
        assertEquals(1, recoveredValue());
    }

    @Test
    void aFullDiskFailsTheCheckpointWithAMessageThatSaysSo() throws Exception {
        try (FileCheckpointStore store = open()) {
            CriticalRegion r = store.allocate("r", 4000);
            fill(r, 1);
            store.checkpoint();
            fill(r, 2);
            fs.spaceLeft = 1000;
            CheckpointException e = assertThrows(CheckpointException.class, store::checkpoint);
            assertEquals(Reason.DISK_FULL, e.reason());
            assertTrue(e.getMessage().contains("The disk is full (No space left on device)"), e.getMessage());
            assertTrue(e.getMessage().contains("free space"), e.getMessage());
            assertEquals(List.of(), temporaryFiles());
            fs.spaceLeft = -1;
            assertEquals(Kind.FULL, store.checkpoint().kind);
        }
        assertEquals(2, recoveredValue());
    }

    @Test
    void aThrowingProviderFailsTheCheckpoint() throws Exception {
        try (FileCheckpointStore store = open()) {
            CriticalRegion r = store.allocate("r", 4000);
            fill(r, 1);
            store.checkpoint();
            fill(r, 2);
            store.register("broken", new StateProvider() {
                @Override
                public void save(OutputStream out) throws IOException {
                    throw new IOException("cannot serialise");
                }

                @Override
                public void restore(InputStream in) {
                }
            });
            CheckpointException e = assertThrows(CheckpointException.class, store::checkpoint);
            assertEquals(Reason.PROVIDER_FAILED, e.reason());
            assertEquals("cannot serialise", e.getCause().getMessage());
            assertTrue(e.getMessage().contains("'broken'"), e.getMessage());
            store.unregister("broken");
            assertEquals(Kind.FULL, store.checkpoint().kind);
        }
    }

    @Test
    void theSizeCapFailsACheckpointThatWouldExceedIt() throws Exception {
        CheckpointOptions capped = new CheckpointOptions(0, 2, 512, 0, 10_000);
        try (CheckpointStore store = Checkpoints.open(dir, "app", capped)) {
            CriticalRegion r = store.allocate("r", 4000);
            store.checkpoint(); // about 4.2 kB
            store.checkpoint(); // two retained: about 8.4 kB
            store.checkpoint(); // the oldest goes: still about 8.4 kB
            store.allocate("more", 4000);
            CheckpointException e = assertThrows(CheckpointException.class, store::checkpoint);
            assertEquals(Reason.FULL, e.reason());
            assertTrue(e.getMessage().contains("size cap"), e.getMessage());
            assertEquals(List.of(2L, 3L), store.checkpoints().stream().map(d -> d.sequence).toList());
        }
    }

    /**
     * A power loss at every file-system operation of a run of checkpoints (with retention and
     * compaction): afterwards the newest acknowledged checkpoint, or the one being taken if it had
     * become durable, is recovered — whole.
     */
    @Test
    void afterAPowerLossAtAnyInstantTheNewestAcknowledgedCheckpointRecovers() throws Exception {
        int operations = scenario(0, new HashMap<>(), new long[1]);
        assertTrue(operations > 30, "the scenario exercises enough operations: " + operations);
        for (int crashAt = 1; crashAt <= operations; crashAt++) {
            clean();
            Map<Long, Integer> values = new HashMap<>();
            long[] acknowledged = {0};
            FaultyFileSystem lossy = new FaultyFileSystem();
            lossy.crashAt = crashAt;
            try {
                scenario(lossy, values, acknowledged);
                fail("the power should have gone at operation " + crashAt);
            } catch (FaultyFileSystem.PowerLoss expected) {
                lossy.powerLoss();
            }
            if (acknowledged[0] == 0 && CheckpointFiles.sequences(dir).isEmpty()) {
                continue; // nothing acknowledged, nothing on disk: a first start
            }
            try (CheckpointStore store = Checkpoints.open(dir, "app", OPTIONS)) {
                CriticalRegion r = store.allocate("r", 4000);
                RecoveredCheckpoint recovered = store.recover().orElseThrow();
                long sequence = recovered.checkpoint().sequence;
                assertTrue(sequence >= acknowledged[0], "crash at " + crashAt + ": recovered " + sequence
                        + ", older than acknowledged " + acknowledged[0]);
                byte[] bytes = IncrementalCheckpointTest.bytes(r);
                byte[] expected = new byte[4000];
                Arrays.fill(expected, values.get(sequence).byteValue());
                assertArrayEquals(expected, bytes, "crash at " + crashAt + ": checkpoint " + sequence);
            }
        }
    }

    private int scenario(int crashAt, Map<Long, Integer> values, long[] acknowledged) throws Exception {
        FaultyFileSystem counting = new FaultyFileSystem();
        scenario(counting, values, acknowledged);
        return counting.operations();
    }

    /** Eight checkpoints, each of a distinct state, with compaction awaited between them. */
    private void scenario(FaultyFileSystem lossy, Map<Long, Integer> values, long[] acknowledged) throws Exception {
        FileCheckpointStore store = Checkpoints.open(dir, "app", OPTIONS, lossy);
        try {
            CriticalRegion r = store.allocate("r", 4000);
            for (int value = 1; value <= 8; value++) {
                byte[] bytes = new byte[4000];
                Arrays.fill(bytes, (byte) value);
                r.write(0, ByteBuffer.wrap(bytes));
                values.put((long) value, value); // sequence n holds value n
                store.checkpoint();
                acknowledged[0] = value;
                try {
                    store.awaitCompaction();
                } catch (ExecutionException e) {
                    throw (Error) e.getCause();
                }
            }
        } finally {
            store.close();
        }
    }

    private void clean() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
    }
}
