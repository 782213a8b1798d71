package org.swiftft.libft.checkpoint;

import java.nio.file.Path;

import org.swiftft.checkpoint.RecoverableState;
import org.swiftft.journal.Durability;
import org.swiftft.journal.JournalOptions;
import org.swiftft.libft.journal.Journals;

/** {@link CrashState} behind a journal of its inputs, recovered as an application recovers: checkpoint, then replay. */
final class JournaledCrashState implements AutoCloseable {

    final CrashState checkpointed;
    final RecoverableState state;
    final RecoverableState.Recovery recovery;

    JournaledCrashState(Path directory) throws Exception {
        checkpointed = new CrashState(directory.resolve("checkpoints"));
        state = Checkpoints.recoverable(checkpointed.store, Journals.open(directory.resolve("journal"), "inputs",
                JournalOptions.defaults().withDurability(Durability.EVERY_APPEND)));
        recovery = state.recover(record -> {
            long step = record.payload().getLong(0);
            if (step != checkpointed.step() + 1) {
                throw new IllegalStateException("input " + step + " replayed onto step " + checkpointed.step());
            }
            checkpointed.advance();
        });
    }

    @Override
    public void close() throws Exception {
        state.close();
    }
}
