package org.swiftft.checkpoint;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * One application's checkpoints: the critical state it registered, captured on demand or
 * periodically, and restored at start. The original libft's t_ftmalloc, t_checkpoint and t_recover.
 *
 * <p><b>Consistency.</b> A checkpoint is taken at a quiet point the application chooses: it calls
 * {@link #checkpoint()} itself, answers a {@link CheckpointRequestHandler}, or writes its regions
 * only inside {@link #updating()}, whose exclusive side the store takes for a periodic or requested
 * checkpoint. The store never copies memory that is being written under these rules; an
 * application that breaks them gets torn state, which no CRC can detect.
 *
 * <p><b>Durability.</b> A checkpoint acknowledged (returned) is on disk, file and directory
 * fsync'd. A crash at any instant leaves the new checkpoint or the previous one, never a mix. Each
 * block carries CRC32C. Only blocks changed since the previous checkpoint are written; chains of
 * increments are compacted into a full checkpoint in the background. The last
 * {@link CheckpointOptions#retain()} checkpoints are kept.
 *
 * <p><b>Failure.</b> A write or fsync error, a full disk or a reached size cap fails that
 * checkpoint with a {@link CheckpointException} and leaves the previous one intact; nothing is
 * retried and trusted. The next call tries afresh with a full checkpoint.
 *
 * <p>Thread-safe. Checkpoints of one store are serialised.
 */
@ProviderType
public interface CheckpointStore extends AutoCloseable {

    /** The store's name: the application's name, or the configured name in the runtime. */
    String name();

    /**
     * Allocates a named region of off-heap memory that is part of every checkpoint (t_ftmalloc).
     * Allocating an existing name with the same size returns that region.
     *
     * @throws IllegalArgumentException if the name is taken by a provider or a region of another size
     */
    CriticalRegion allocate(String name, int sizeBytes);

    /**
     * Registers a provider whose bytes are part of every checkpoint, for state kept in heap objects.
     *
     * @throws IllegalArgumentException if the name is taken
     */
    void register(String name, StateProvider provider);

    /** Removes a region or provider from later checkpoints; earlier checkpoints keep it. */
    void unregister(String name);

    /**
     * Enters a stretch of updates to critical state; checkpoints wait until no update is open. Many
     * updates may be open at once, on any threads. Use with try-with-resources.
     */
    StateUpdate updating();

    /**
     * Answers periodic checkpoints and {@code checkpoint:take} requests; replaces a handler set
     * before. Without a handler the store takes them itself under {@link #updating()}.
     */
    void onRequest(CheckpointRequestHandler handler);

    /**
     * Takes a checkpoint now, on the calling thread, recording that it covers no journal (a store
     * behind a {@link RecoverableState} records the journal's position instead). A store that holds
     * checkpoints takes none before {@link #recover()} has run: memory is blank until then.
     *
     * @throws IllegalStateException if called before {@link #recover()} on a store that holds checkpoints
     *
     * @return the checkpoint, durable
     * @throws CheckpointException if it could not be taken; the previous one is intact
     */
    CheckpointDTO checkpoint() throws CheckpointException;

    /**
     * Takes a checkpoint that covers the journal up to and including {@code journalPosition}; a
     * recovery replays the journal after it. {@link RecoverableState} calls this for you.
     */
    CheckpointDTO checkpoint(long journalPosition) throws CheckpointException;

    /**
     * Restores the newest good checkpoint into the registered regions and providers (t_recover).
     * Register and allocate first: state for names not registered is reported, not restored.
     *
     * <p>Every block is verified before anything is restored, so a damaged checkpoint never leaves
     * memory half-written: it is reported in {@link RecoveredCheckpoint#skipped()} and the previous
     * good one is used. If a provider's {@code restore} throws, recovery stops with a
     * {@link CheckpointException} naming it, and what was restored before stays restored.
     *
     * @return the checkpoint restored, or empty if there is no checkpoint at all (a first start);
     *         {@link RecoveredCheckpoint#skipped()} says whether damaged ones were passed over
     * @throws CheckpointException if the directory cannot be read, or {@link CheckpointException.Reason#CORRUPT}
     *                             if there are checkpoints but every one is damaged: that is not a first
     *                             start, and state would be lost silently
     */
    Optional<RecoveredCheckpoint> recover() throws CheckpointException;

    /** The retained checkpoints, oldest first, from their headers (not verified). */
    List<CheckpointDTO> checkpoints();

    /**
     * Reads every retained checkpoint and checks every CRC; does not disturb a checkpoint being taken.
     *
     * @return the retained checkpoints, oldest first, each with {@link CheckpointDTO#verified} set
     */
    List<CheckpointDTO> verify() throws CheckpointException;

    /** Stops periodic checkpoints and releases the regions' memory and the files. Idempotent. */
    @Override
    void close();
}
