package org.swiftft.libft.checkpoint;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.swiftft.checkpoint.CheckpointDTO;
import org.swiftft.checkpoint.CheckpointStore;
import org.swiftft.libft.runtime.RequestHandler;

/**
 * Answers the runtime's {@code CHECKPOINT} request ({@code checkpoint:take NAME}) from a store:
 *
 * <pre>
 * RuntimeConnection.options().onRequest(RuntimeConnection.CHECKPOINT, CheckpointRequests.answeredBy(state.store()))
 * </pre>
 *
 * The request is handled as a periodic checkpoint is — the store's {@link
 * org.swiftft.checkpoint.CheckpointRequestHandler} is told and the application checkpoints at its next
 * quiet point, or, without one, the store takes it under the exclusive side of {@code updating()} —
 * and answered once that checkpoint is durable, with {@code checkpoint SEQUENCE}.
 */
public final class CheckpointRequests {

    /** The answer's start; the sequence follows. */
    public static final String ANSWER_PREFIX = "checkpoint ";
    /** How long the application may take to reach a quiet point; the runtime waits as long. */
    static final long WAIT_SECONDS = 30;

    private CheckpointRequests() {
    }

    /** @throws IllegalArgumentException if the store is not one of {@link Checkpoints}' */
    public static RequestHandler answeredBy(CheckpointStore store) {
        if (!(store instanceof FileCheckpointStore ours)) {
            throw new IllegalArgumentException("answers only for stores of Checkpoints.open, not " + store);
        }
        return reason -> {
            var next = ours.waiters.next();
            ours.request(reason.isEmpty() ? "requested" : reason);
            try {
                CheckpointDTO taken = next.get(WAIT_SECONDS, TimeUnit.SECONDS);
                return ANSWER_PREFIX + taken.sequence + " (" + taken.kind.name().toLowerCase() + ", " + taken.sizeBytes + " bytes)";
            } catch (ExecutionException e) {
                throw new IllegalStateException("the checkpoint failed: " + e.getCause().getMessage(), e.getCause());
            } catch (TimeoutException e) {
                throw new IllegalStateException("no checkpoint within " + WAIT_SECONDS + " s: the application did not reach a quiet point");
            }
        };
    }
}
