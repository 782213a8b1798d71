package org.swiftft.libft.checkpoint;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.swiftft.checkpoint.CheckpointOptions;
import org.swiftft.checkpoint.CriticalRegion;
import org.swiftft.checkpoint.RecoverableState;
import org.swiftft.checkpoint.RecoverableState.Recovery;
import org.swiftft.journal.JournalException;
import org.swiftft.journal.JournalRecord;

/** Checkpoint plus journal: an application that logs every input before applying it comes back exactly. */
class RecoverableStateTest {

    static final CheckpointOptions OPTIONS = new CheckpointOptions(0, 2, 512, 0, 1L << 30);

    @TempDir
    Path dir;

    final MemoryJournal journal = new MemoryJournal();

    /** Keeps a running sum of the events in a region; logs each event before applying it. */
    final class Summer implements AutoCloseable {
        final RecoverableState state;
        final CriticalRegion sum;

        Summer() throws Exception {
            state = Checkpoints.recoverable(Checkpoints.open(dir, "summer", OPTIONS), journal.reopen());
            sum = state.store().allocate("sum", 8);
        }

        void input(long n) throws JournalException {
            state.journal().append(ByteBuffer.allocate(8).putLong(0, n));
            apply(n);
        }

        void apply(long n) {
            sum.write(0, ByteBuffer.allocate(8).putLong(0, sum() + n));
        }

        void apply(JournalRecord record) {
            apply(record.payload().getLong(0));
        }

        long sum() {
            return sum.buffer().getLong(0);
        }

        @Override
        public void close() throws Exception {
            state.close();
        }
    }

    static long sumTo(long n) {
        return n * (n + 1) / 2;
    }

    @Test
    void recoveryRestoresTheCheckpointThenReplaysTheJournalAfterIt() throws Exception {
        try (Summer app = new Summer()) {
            for (int i = 1; i <= 10; i++) {
                app.input(i);
            }
            assertEquals(10, app.state.checkpoint().journalPosition);
            for (int i = 11; i <= 15; i++) {
                app.input(i);
            }
        }
        try (Summer app = new Summer()) {
            Recovery recovery = app.state.recover(app::apply);
            assertEquals(sumTo(15), app.sum());
            assertEquals(10, recovery.checkpoint().checkpoint().journalPosition);
            assertEquals(11, recovery.firstReplayed());
            assertEquals(15, recovery.lastReplayed());
            assertEquals(5, recovery.replayed());
        }
    }

    @Test
    void withoutACheckpointTheWholeJournalIsReplayed() throws Exception {
        try (Summer app = new Summer()) {
            app.input(1);
            app.input(2);
        }
        try (Summer app = new Summer()) {
            Recovery recovery = app.state.recover(app::apply);
            assertNull(recovery.checkpoint());
            assertEquals(3, app.sum());
            assertEquals(2, recovery.replayed());
        }
    }

    @Test
    void theStoresOwnCheckpointsCoverTheJournalOnceBound() throws Exception {
        try (Summer app = new Summer()) {
            app.input(1);
            app.input(2);
            assertEquals(2, app.state.store().checkpoint().journalPosition, "not -1: that would replay 1 and 2 again");
            assertTrue(journal.syncs > 0, "the journal is made durable before a checkpoint covers it");
        }
    }

    @Test
    void aCheckpointTruncatesTheJournalOnlyUpToTheOldestRetainedCheckpoint() throws Exception {
        try (Summer app = new Summer()) {
            for (int i = 1; i <= 30; i++) {
                app.input(i);
                if (i % 10 == 0) {
                    app.state.checkpoint();
                }
            }
            assertEquals(21, journal.firstSequence(), "retain 2: checkpoints at 20 and 30 are kept");
        }
    }

    @Test
    void aDamagedNewestCheckpointFallsBackAndReplaysMoreToTheSameState() throws Exception {
        try (Summer app = new Summer()) {
            for (int i = 1; i <= 25; i++) {
                app.input(i);
                if (i % 10 == 0) {
                    app.state.checkpoint();
                }
            }
        }
        Path newest = dir.resolve(CheckpointFormat.fileName(2));
        byte[] bytes = Files.readAllBytes(newest);
        bytes[bytes.length - 45] ^= 1;
        Files.write(newest, bytes);
        try (Summer app = new Summer()) {
            Recovery recovery = app.state.recover(app::apply);
            assertEquals(sumTo(25), app.sum());
            assertEquals(1, recovery.checkpoint().checkpoint().sequence);
            assertEquals(11, recovery.firstReplayed());
            assertEquals(1, recovery.skipped().size());
        }
    }

    @Test
    void aCheckpointWhoseJournalIsMissingIsRefusedAndNothingReplayed() throws Exception {
        try (Summer app = new Summer()) {
            for (int i = 1; i <= 10; i++) {
                app.input(i);
            }
            app.state.checkpoint();
        }
        MemoryJournal replaced = new MemoryJournal();
        try (RecoverableState state = Checkpoints.recoverable(Checkpoints.open(dir, "summer", OPTIONS), replaced)) {
            state.store().allocate("sum", 8);
            JournalException e = assertThrows(JournalException.class,
                    () -> state.recover(r -> fail("nothing may be replayed")));
            assertEquals(JournalException.Reason.TRUNCATED, e.reason());
            assertTrue(e.getMessage().contains("covers the journal up to 10"), e.getMessage());
            assertTrue(e.getMessage().contains("its journal is missing"), e.getMessage());
        }
    }
}
