package org.swiftft.checkpoint;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Told that a checkpoint is due — periodic, or asked for by {@code checkpoint:take} or a warm
 * backup — so the application can take it at its own next quiet point by calling
 * {@link CheckpointStore#checkpoint()} (or {@link RecoverableState#checkpoint()}) from any thread.
 *
 * <p>Called on a store thread; must not block. A request not answered before the next one is due
 * is merged with it, not queued.
 */
@ConsumerType
@FunctionalInterface
public interface CheckpointRequestHandler {

    /** @param reason {@code periodic}, {@code operator}, {@code warm-backup}, ... for the log */
    void checkpointDue(String reason);
}
