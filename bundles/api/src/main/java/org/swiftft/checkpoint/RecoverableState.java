package org.swiftft.checkpoint;

import java.util.List;
import java.util.function.Consumer;

import org.osgi.annotation.versioning.ProviderType;
import org.swiftft.journal.Journal;
import org.swiftft.journal.JournalException;
import org.swiftft.journal.JournalRecord;

/**
 * A checkpoint store and a journal used as one: the checkpoint-plus-message-logging recovery of the
 * original SwiFT (t_recover, then replay of the logged messages). An application that appends every
 * input to {@link #journal()} before applying it comes back, after {@link #recover}, to exactly the
 * state it had when it died.
 *
 * <p>It lives here rather than in {@code org.swiftft.journal} because a checkpoint is what records
 * the journal position it covers, while a journal is also used without checkpoints (socket logging,
 * input events); so checkpoint depends on journal, never the reverse.
 *
 * <p>Thread-safe, with the rules of both parts: {@link #checkpoint()} must be called at a quiet
 * point where every appended event has been applied.
 */
@ProviderType
public interface RecoverableState extends AutoCloseable {

    /** Where to register critical state. */
    CheckpointStore store();

    /** Where to log inputs before applying them. */
    Journal journal();

    /**
     * Restores the newest good checkpoint, then replays, on the calling thread and in order, every
     * journal record after the position it covers (all records if there is no checkpoint). After
     * return, appends continue after the last record replayed.
     *
     * <p>If the newest checkpoint is damaged, an older one is restored and more of the journal
     * replayed, which reaches the same state: the journal is truncated only up to the oldest
     * retained checkpoint's position.
     *
     * @param apply applies one replayed event, as the application did the first time; if it throws,
     *              recovery stops and the exception propagates unchanged
     * @throws CheckpointException if the checkpoints cannot be read or a provider fails to restore
     * @throws JournalException    with {@link JournalException.Reason#TRUNCATED} if the journal no
     *                             longer reaches back to the restored checkpoint (its journal is
     *                             missing): the state cannot be rebuilt exactly, and nothing is
     *                             replayed
     */
    Recovery recover(Consumer<JournalRecord> apply) throws CheckpointException, JournalException;

    /**
     * Takes a checkpoint covering every record appended so far, then truncates the journal up to the
     * oldest retained checkpoint's position.
     *
     * @throws CheckpointException as {@link CheckpointStore#checkpoint(long)}; the journal is then
     *                             not truncated
     */
    CheckpointDTO checkpoint() throws CheckpointException;

    /** Closes the journal and the store. */
    @Override
    void close() throws JournalException;

    /**
     * What a recovery did.
     *
     * @param checkpoint   the checkpoint restored, or {@code null} if none (state built from the journal alone)
     * @param firstReplayed sequence of the first record replayed, or 0 if none
     * @param lastReplayed  sequence of the last record replayed, or 0 if none
     * @param skipped       damaged checkpoints passed over, as in {@link RecoveredCheckpoint#skipped()}
     */
    record Recovery(RecoveredCheckpoint checkpoint, long firstReplayed, long lastReplayed,
            List<String> skipped) {

        public Recovery {
            skipped = List.copyOf(skipped);
        }

        /** How many records were replayed. */
        public long replayed() {
            return lastReplayed == 0 ? 0 : lastReplayed - firstReplayed + 1;
        }
    }
}
