package org.swiftft.libft.checkpoint;

import java.lang.System.Logger.Level;
import java.util.Optional;
import java.util.function.Consumer;

import org.swiftft.checkpoint.CheckpointDTO;
import org.swiftft.checkpoint.CheckpointException;
import org.swiftft.checkpoint.CheckpointException.Reason;
import org.swiftft.checkpoint.CheckpointStore;
import org.swiftft.checkpoint.RecoverableState;
import org.swiftft.checkpoint.RecoveredCheckpoint;
import org.swiftft.journal.Journal;
import org.swiftft.journal.JournalException;
import org.swiftft.journal.JournalRecord;

/**
 * A checkpoint store and a journal as one {@link RecoverableState}: recovery restores the newest good
 * checkpoint and replays the journal after the position it covers. The store is bound to the
 * journal, so every checkpoint it takes — periodic ones and {@link CheckpointStore#checkpoint()}
 * too — covers the journal, never "no journal", which would replay events already in the state.
 */
final class JournaledState implements RecoverableState, FileCheckpointStore.JournalBinding {

    private static final System.Logger LOG = System.getLogger(JournaledState.class.getName());

    private final FileCheckpointStore store;
    private final Journal journal;

    JournaledState(FileCheckpointStore store, Journal journal) {
        this.store = store;
        this.journal = journal;
        store.bind(this);
    }

    @Override
    public CheckpointStore store() {
        return store;
    }

    @Override
    public Journal journal() {
        return journal;
    }

    @Override
    public Recovery recover(Consumer<JournalRecord> apply) throws CheckpointException, JournalException {
        CheckpointRecovery.Outcome outcome = store.recoverOutcome();
        Optional<RecoveredCheckpoint> recovered = outcome.recovered();
        long covered = recovered.map(r -> Math.max(0, r.checkpoint().journalPosition)).orElse(0L);
        long from = covered + 1;
        String what = recovered.map(r -> "checkpoint " + r.checkpoint().sequence + " (" + r.checkpoint().file
                + ") covers the journal up to " + covered).orElse(outcome.skipped().isEmpty()
                        ? "there is no checkpoint, so the state is built from the whole journal"
                        : "no checkpoint is good (" + outcome.skipped().size() + " damaged), so the state must be"
                                + " built from the whole journal");
        if (from < journal.firstSequence() || covered > journal.lastSequence()) {
            throw new JournalException(JournalException.Reason.TRUNCATED, what + ", but journal '" + journal.name()
                    + "' holds only " + journal.firstSequence() + " to " + journal.lastSequence() + ": its journal is"
                    + " missing, was replaced, or lost records it had (a damaged or cut tail), and the state cannot be"
                    + " rebuilt exactly. Nothing was replayed. Restore the journal's directory from a backup or a replica;"
                    + " removing the checkpoints and the journal starts afresh and loses the state");
        }
        long last = journal.replay(from, apply);
        return new Recovery(recovered.orElse(null), last >= from ? from : 0, last >= from ? last : 0, outcome.skipped());
    }

    @Override
    public CheckpointDTO checkpoint() throws CheckpointException {
        return store.checkpoint();
    }

    /** Every appended event has been applied at the quiet point: make them durable, then cover them. */
    @Override
    public long position() throws CheckpointException {
        try {
            return journal.sync();
        } catch (JournalException e) {
            throw new CheckpointException(Reason.IO, "no checkpoint taken: journal '" + journal.name()
                    + "' could not be made durable first: " + e.getMessage(), e.file(), e.offset(), e);
        }
    }

    /**
     * Truncates the journal up to the oldest retained checkpoint's position, so that an older
     * checkpoint can still be restored and replayed if a newer one is damaged. A failure loses
     * nothing (the journal keeps more than it needs), so it is logged, not thrown.
     */
    @Override
    public void checkpointed(CheckpointDTO checkpoint) {
        try {
            long upTo = store.retention().oldestJournalPosition();
            if (upTo > 0 && upTo > journal.firstSequence() - 1) {
                journal.truncate(Math.min(upTo, journal.lastSequence()));
            }
        } catch (CheckpointException | JournalException | RuntimeException e) {
            LOG.log(Level.WARNING, "checkpoint {0} of ''{1}'' is durable, but journal ''{2}'' was not truncated: {3}",
                    checkpoint.sequence, store.name(), journal.name(), e.toString());
        }
    }

    @Override
    public void close() throws JournalException {
        store.close();
        journal.close();
    }
}
