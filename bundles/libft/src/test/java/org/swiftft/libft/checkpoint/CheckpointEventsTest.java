package org.swiftft.libft.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.swiftft.checkpoint.CheckpointDTO;
import org.swiftft.checkpoint.CheckpointException;
import org.swiftft.checkpoint.CheckpointOptions;
import org.swiftft.checkpoint.CheckpointStore;
import org.swiftft.checkpoint.CriticalRegion;
import org.swiftft.checkpoint.RecoveredCheckpoint;
import org.swiftft.checkpoint.StateProvider;

class CheckpointEventsTest {

    @TempDir
    Path directory;

    private final BlockingQueue<String> told = new LinkedBlockingQueue<>();
    private final CheckpointEvents recorder = new CheckpointEvents() {
        @Override
        public void taken(String store, CheckpointDTO checkpoint) {
            told.add("taken " + checkpoint.sequence);
        }

        @Override
        public void failed(String store, CheckpointException failure) {
            told.add("failed " + failure.reason());
        }

        @Override
        public void compacted(String store, long sequence) {
            told.add("compacted " + sequence);
        }

        @Override
        public void recovered(String store, RecoveredCheckpoint recovered) {
            told.add("recovered " + recovered.checkpoint().sequence);
        }
    };

    @Test
    void takenCompactedFailedAndRecoveredAreTold() throws Exception {
        CheckpointOptions compactAfterOne = new CheckpointOptions(0, 3, 4096, 1, 1L << 30);
        try (CheckpointStore store = Checkpoints.open(directory, "app", compactAfterOne, recorder)) {
            CriticalRegion region = store.allocate("state", 8192);
            store.checkpoint();
            region.write(0, ByteBuffer.wrap(new byte[] {1}));
            store.checkpoint(); // the first increment: the chain is compacted in the background
            assertEquals("taken 1", told.poll(5, TimeUnit.SECONDS));
            assertEquals("taken 2", told.poll(5, TimeUnit.SECONDS));
            assertEquals("compacted 2", told.poll(10, TimeUnit.SECONDS));
            store.register("broken", new StateProvider() {
                @Override
                public void save(OutputStream out) throws IOException {
                    throw new IOException("no");
                }

                @Override
                public void restore(InputStream in) {
                }
            });
            assertThrows(CheckpointException.class, store::checkpoint);
            assertEquals("failed PROVIDER_FAILED", told.poll(5, TimeUnit.SECONDS));
        }
        try (CheckpointStore store = Checkpoints.open(directory, "app", compactAfterOne, recorder)) {
            store.allocate("state", 8192);
            assertTrue(store.recover().isPresent());
            assertEquals("recovered 2", told.poll(5, TimeUnit.SECONDS));
        }
    }
}
