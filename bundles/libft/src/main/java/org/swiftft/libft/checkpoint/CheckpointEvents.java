package org.swiftft.libft.checkpoint;

import org.swiftft.checkpoint.CheckpointDTO;
import org.swiftft.checkpoint.CheckpointException;
import org.swiftft.checkpoint.RecoveredCheckpoint;

/**
 * Told what a store does, for a log or an event bus (the runtime publishes them on EventAdmin).
 * Called on the thread that did it; must return quickly and not call the store back. What it
 * throws is ignored.
 */
public interface CheckpointEvents {

    CheckpointEvents NONE = new CheckpointEvents() {
    };

    /** A checkpoint is durable. */
    default void taken(String store, CheckpointDTO checkpoint) {
    }

    /** A checkpoint could not be taken; the previous one is intact. */
    default void failed(String store, CheckpointException failure) {
    }

    /** A chain of increments was merged into a full checkpoint with this sequence. */
    default void compacted(String store, long sequence) {
    }

    /** Recovery restored a checkpoint; {@link RecoveredCheckpoint#skipped()} names damaged ones passed over. */
    default void recovered(String store, RecoveredCheckpoint recovered) {
    }
}
