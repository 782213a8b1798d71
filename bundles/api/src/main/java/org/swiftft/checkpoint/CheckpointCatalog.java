package org.swiftft.checkpoint;

import java.util.List;
import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The checkpoints of every application under the runtime's {@code data/}, including those written
 * by libft applications in their own processes ({@code checkpoint:list}, {@code checkpoint:verify},
 * {@code checkpoint:take}). Reads the files, so it never disturbs a writer. Thread-safe.
 */
@ProviderType
public interface CheckpointCatalog {

    /** Names of the stores that have a checkpoint directory, sorted. */
    List<String> stores();

    /**
     * The retained checkpoints of a store, oldest first, from their headers.
     *
     * @throws IllegalArgumentException if there is no such store
     */
    List<CheckpointDTO> checkpoints(String store);

    /** Checks every CRC of every retained checkpoint of a store; see {@link CheckpointStore#verify()}. */
    List<CheckpointDTO> verify(String store) throws CheckpointException;

    /**
     * Asks a supervised application that uses libft to take a checkpoint (over its control
     * connection; the application answers at its own quiet point).
     *
     * @return a stage completing with the checkpoint once durable, or exceptionally with a
     *         {@link CheckpointException} ({@link CheckpointException.Reason#NOT_ANSWERED} if it is
     *         not connected or did not answer in time)
     */
    CompletionStage<CheckpointDTO> take(String application);
}
