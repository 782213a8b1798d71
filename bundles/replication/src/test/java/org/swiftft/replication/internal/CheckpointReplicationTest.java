package org.swiftft.replication.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.swiftft.checkpoint.CheckpointOptions;
import org.swiftft.checkpoint.CriticalRegion;
import org.swiftft.checkpoint.RecoverableState;
import org.swiftft.journal.JournalOptions;
import org.swiftft.libft.checkpoint.Checkpoints;
import org.swiftft.libft.journal.Journals;
import org.swiftft.replication.ConsistencyLevel;

/**
 * An application's state folder (checkpoints and journal, written by libft as an application
 * writes them) replicated in copy mode: the backup recovers the very state the primary had.
 */
@Timeout(120)
class CheckpointReplicationTest {

    private static final int REGION_BYTES = 1 << 20;

    @TempDir
    Path temp;

    /** The state: a region of counters; each journaled input adds to one of them. */
    private static void apply(CriticalRegion region, ByteBuffer input) {
        int slot = input.getInt(0);
        long delta = input.getLong(4);
        ByteBuffer counter = ByteBuffer.allocate(8).putLong(0, region.buffer().getLong(slot * 8) + delta);
        region.write(slot * 8, counter);
    }

    private static RecoverableState open(Path folder) throws Exception {
        return Checkpoints.recoverable(
                Checkpoints.open(folder.resolve("checkpoints"), "orders", CheckpointOptions.defaults()),
                Journals.open(folder.resolve("journal"), "inputs", JournalOptions.defaults()));
    }

    @Test
    void theBackupRecoversTheStateFromTheReplicatedCheckpointAndJournal() throws Exception {
        try (CopyModeFixture fixture = new CopyModeFixture(temp, ConsistencyLevel.DURABLE)) {
            byte[] expected;
            RecoverableState primary = open(fixture.primary);
            try {
                CriticalRegion region = primary.store().allocate("counters", REGION_BYTES);
                primary.recover(record -> apply(region, record.payload()));
                Random random = new Random(42);
                for (int i = 1; i <= 5_000; i++) {
                    ByteBuffer input = ByteBuffer.allocate(12).putInt(random.nextInt(REGION_BYTES / 8))
                            .putLong(random.nextInt(1000));
                    input.flip();
                    primary.journal().append(input.duplicate());
                    apply(region, input);
                    if (i % 1_500 == 0) {
                        primary.checkpoint(); // full, then incremental; the inputs after it stay in the journal
                    }
                }
                expected = new byte[REGION_BYTES];
                region.buffer().get(0, expected);
            } finally {
                primary.close();
            }
            fixture.settle();

            RecoverableState backup = open(fixture.backup);
            try {
                CriticalRegion region = backup.store().allocate("counters", REGION_BYTES);
                RecoverableState.Recovery recovery = backup.recover(record -> apply(region, record.payload()));
                assertTrue(recovery.checkpoint() != null, "a checkpoint was replicated");
                assertEquals(4_500, recovery.checkpoint().checkpoint().journalPosition, "the newest checkpoint's position");
                assertEquals(5_000, recovery.lastReplayed(), "the journal's last input was replicated");
                byte[] recovered = new byte[REGION_BYTES];
                region.buffer().get(0, recovered);
                assertArrayEquals(expected, recovered);
            } finally {
                backup.close();
            }
        }
    }
}
