package org.swiftft.libft.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.swiftft.checkpoint.CheckpointOptions;
import org.swiftft.checkpoint.CheckpointStore;
import org.swiftft.checkpoint.StateProvider;
import org.swiftft.libft.runtime.RequestHandler;

/** The answer to checkpoint:take, as the runtime's request reaches it. */
class CheckpointRequestsTest {

    @TempDir
    Path directory;

    @Test
    void storeWithoutAHandlerTakesTheCheckpointItselfAndAnswersItsSequence() throws Exception {
        try (CheckpointStore store = Checkpoints.open(directory, "app", CheckpointOptions.defaults())) {
            store.allocate("counter", 64);
            RequestHandler answer = CheckpointRequests.answeredBy(store);

            assertTrue(answer.handle("operator").startsWith("checkpoint 1 (full"));
            assertTrue(answer.handle("operator").startsWith("checkpoint 2 "));
        }
    }

    @Test
    void applicationWithAHandlerIsAskedAndTheAnswerWaitsForItsCheckpoint() throws Exception {
        try (CheckpointStore store = Checkpoints.open(directory, "app", CheckpointOptions.defaults())) {
            store.allocate("counter", 64);
            store.onRequest(reason -> new Thread(() -> { // the application's own thread, at its quiet point
                try {
                    Thread.sleep(100);
                    store.checkpoint();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }).start());

            assertEquals("checkpoint 1 (full", CheckpointRequests.answeredBy(store).handle("operator").substring(0, 18));
        }
    }

    @Test
    void failedCheckpointIsTheAnswersError() throws Exception {
        try (CheckpointStore store = Checkpoints.open(directory, "app", CheckpointOptions.defaults())) {
            store.register("broken", new StateProvider() {
                @Override
                public void save(OutputStream out) throws IOException {
                    throw new IOException("the disk of my imagination is full");
                }

                @Override
                public void restore(InputStream in) {
                }
            });

            Exception e = assertThrows(IllegalStateException.class, () -> CheckpointRequests.answeredBy(store).handle("operator"));
            assertTrue(e.getMessage().contains("the checkpoint failed"), e.getMessage());
        }
    }
}
