package org.swiftft.libft.checkpoint;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.swiftft.checkpoint.CheckpointDTO;
import org.swiftft.checkpoint.CheckpointDTO.Kind;
import org.swiftft.checkpoint.CheckpointOptions;
import org.swiftft.checkpoint.CriticalRegion;

/**
 * Increments write only what changed — through write(), through buffer(), in a provider's bytes —
 * and a recovery from any chain, compacted or not, gives back the last state byte for byte.
 */
class IncrementalCheckpointTest {

    static final int BLOCK = 1024;

    @TempDir
    Path dir;

    /** The application's state, and a copy of what it should be, changed the same way. */
    static final class App {
        final FileCheckpointStore store;
        final CriticalRegion tracked;
        final CriticalRegion exposed;
        final ByteBuffer exposedView;
        final BytesProvider provider = new BytesProvider(new byte[0]);
        final byte[] trackedShadow;
        final byte[] exposedShadow;

        App(Path dir, CheckpointOptions options, int size) throws Exception {
            store = Checkpoints.open(dir, "app", options, CheckpointFileSystem.REAL);
            tracked = store.allocate("tracked", size);
            exposed = store.allocate("exposed", size);
            exposedView = exposed.buffer();
            store.register("provider", provider);
            trackedShadow = new byte[size];
            exposedShadow = new byte[size];
        }

        void mutate(Random random, int writes) {
            for (int i = 0; i < writes; i++) {
                byte[] bytes = new byte[1 + random.nextInt(3 * BLOCK)];
                random.nextBytes(bytes);
                int at = random.nextInt(trackedShadow.length - bytes.length);
                tracked.write(at, ByteBuffer.wrap(bytes));
                System.arraycopy(bytes, 0, trackedShadow, at, bytes.length);
                int at2 = random.nextInt(exposedShadow.length);
                byte b = (byte) random.nextInt();
                exposedView.put(at2, b); // not seen by the store: found by fingerprint
                exposedShadow[at2] = b;
            }
            byte[] state = Arrays.copyOf(provider.state, Math.max(0, provider.state.length + random.nextInt(4001) - 1500));
            for (int i = 0; i < 5 && state.length > 0; i++) {
                state[random.nextInt(state.length)] = (byte) random.nextInt();
            }
            provider.state = state;
        }

        void assertRecoveredEquals(App original) throws Exception {
            store.recover().orElseThrow();
            assertArrayEquals(original.trackedShadow, bytes(tracked), "tracked region");
            assertArrayEquals(original.exposedShadow, bytes(exposed), "exposed region");
            assertArrayEquals(original.provider.state, provider.state, "provider");
        }
    }

    static byte[] bytes(CriticalRegion region) {
        byte[] out = new byte[region.size()];
        region.read(0, ByteBuffer.wrap(out));
        return out;
    }

    @Test
    void manyRandomIncrementsRecoverTheLastStateByteForByte() throws Exception {
        CheckpointOptions options = new CheckpointOptions(0, 3, BLOCK, 1000, 1L << 30); // never compacted
        Random random = new Random(1);
        App app = new App(dir, options, 300_000);
        for (int i = 0; i < 60; i++) {
            app.mutate(random, random.nextInt(6));
            CheckpointDTO dto = app.store.checkpoint();
            assertEquals(i == 0 ? Kind.FULL : Kind.INCREMENTAL, dto.kind);
        }
        app.store.close();
        App recovered = new App(dir, options, 300_000);
        recovered.assertRecoveredEquals(app);
        recovered.store.close();
    }

    @Test
    void anIncrementHoldsOnlyTheChangedBlocks() throws Exception {
        CheckpointOptions options = new CheckpointOptions(0, 3, BLOCK, 1000, 1L << 30);
        App app = new App(dir, options, 1 << 20);
        app.provider.state = new byte[100_000];
        long full = app.store.checkpoint().sizeBytes;
        app.tracked.write(5 * BLOCK + 10, ByteBuffer.wrap(new byte[] {1})); // one block, through write()
        app.exposedView.put(9 * BLOCK, (byte) 1); // one block, through the buffer
        app.provider.state[50_000] = 1; // one block of the provider
        CheckpointDTO increment = app.store.checkpoint();
        assertTrue(increment.sizeBytes < 3 * (BLOCK + 16) + 500, "3 blocks and metadata, not " + increment.sizeBytes
                + " of a full " + full);
        app.store.close();
    }

    @Test
    void aChainIsCompactedIntoAFullCheckpointThatRecoversTheSameState() throws Exception {
        CheckpointOptions options = new CheckpointOptions(0, 2, BLOCK, 3, 1L << 30);
        Random random = new Random(2);
        App app = new App(dir, options, 200_000);
        for (int i = 0; i < 4; i++) { // full, then 3 increments: the third triggers compaction
            app.mutate(random, 4);
            app.store.checkpoint();
        }
        app.store.awaitCompaction();
        List<CheckpointDTO> listed = app.store.checkpoints();
        CheckpointDTO compacted = listed.get(listed.size() - 1);
        assertEquals(4, compacted.sequence);
        assertEquals(Kind.FULL, compacted.kind, "the newest increment was replaced by a full checkpoint");
        app.mutate(random, 4);
        CheckpointDTO next = app.store.checkpoint();
        assertEquals(Kind.INCREMENTAL, next.kind, "the chain goes on from the compacted checkpoint");
        assertEquals(4, next.baseSequence);
        app.store.close();
        App recovered = new App(dir, options, 200_000);
        recovered.assertRecoveredEquals(app);
        recovered.store.close();
    }

    @Test
    void manyCheckpointsWithCompactionAndRetentionRecoverTheLastState() throws Exception {
        CheckpointOptions options = new CheckpointOptions(0, 2, BLOCK, 2, 1L << 30);
        Random random = new Random(3);
        App app = new App(dir, options, 100_000);
        for (int i = 0; i < 40; i++) {
            app.mutate(random, random.nextInt(5));
            app.store.checkpoint();
            if (random.nextBoolean()) {
                app.store.awaitCompaction(); // else the next checkpoint may race the compaction
            }
        }
        app.store.awaitCompaction();
        assertTrue(app.store.checkpoints().size() <= 4, "retention bounds the files: " + app.store.checkpoints().size());
        app.store.close();
        App recovered = new App(dir, options, 100_000);
        recovered.assertRecoveredEquals(app);
        recovered.store.close();
    }

    @Test
    void aRegionFirstExposedAfterACheckpointIsWrittenWholeThenCompared() throws Exception {
        CheckpointOptions options = new CheckpointOptions(0, 3, BLOCK, 1000, 1L << 30);
        try (FileCheckpointStore store = Checkpoints.open(dir, "app", options, CheckpointFileSystem.REAL)) {
            CriticalRegion r = store.allocate("r", 64 * BLOCK);
            store.checkpoint();
            ByteBuffer view = r.buffer();
            view.put(3, (byte) 1);
            assertTrue(store.checkpoint().sizeBytes > 64 * BLOCK, "no fingerprints yet: the whole region");
            view.put(BLOCK * 10, (byte) 1);
            assertTrue(store.checkpoint().sizeBytes < 2 * BLOCK, "then only the changed block");
        }
    }
}
