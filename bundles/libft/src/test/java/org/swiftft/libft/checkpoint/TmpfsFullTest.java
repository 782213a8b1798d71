package org.swiftft.libft.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.swiftft.checkpoint.CheckpointException;
import org.swiftft.checkpoint.CheckpointOptions;
import org.swiftft.checkpoint.CheckpointStore;
import org.swiftft.checkpoint.CriticalRegion;
import org.swiftft.journal.Journal;
import org.swiftft.journal.JournalException;
import org.swiftft.journal.JournalOptions;
import org.swiftft.libft.journal.Journals;

/**
 * A real file system filling up: a 1 MiB tmpfs. Mounting needs root (CI runs as root); elsewhere the
 * file-system doubles of the fault tests cover the same paths.
 */
class TmpfsFullTest {

    @TempDir
    Path parent;
    private Path small;

    @BeforeEach
    void mountASmallTmpfs() throws Exception {
        small = Files.createDirectory(parent.resolve("small"));
        assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", small.toString()) == 0,
                "mounting a tmpfs needs root and the mount privilege");
    }

    @AfterEach
    void unmount() throws Exception {
        run("umount", small.toString());
    }

    @Test
    void journalOnAFullDiskSaysSoAndLosesNothingAcknowledged() throws Exception {
        JournalOptions options = new JournalOptions(org.swiftft.journal.Durability.EVERY_APPEND, 200, 1000, 1 << 20, 1L << 30, 64 << 10);
        Path filler = Files.write(small.resolve("filler"), new byte[128 << 10]); // what an operator will free
        List<Long> acknowledged = new ArrayList<>();
        JournalException full;
        try (Journal journal = Journals.open(small, "inputs", options)) {
            full = assertThrows(JournalException.class, () -> {
                while (true) {
                    acknowledged.add(journal.append(ByteBuffer.wrap(new byte[10_000])));
                }
            });
        } catch (JournalException closing) {
            full = closing;
        }
        assertEquals(JournalException.Reason.DISK_FULL, full.reason(), full.getMessage());
        assertTrue(full.getMessage().toLowerCase().contains("full"), full.getMessage());
        Files.delete(filler); // reopening may need to write (a torn header is rewritten): space first, as the message says
        try (Journal reopened = Journals.open(small, "inputs", options)) {
            List<Long> replayed = new ArrayList<>();
            reopened.replay(1, record -> replayed.add(record.sequence()));
            assertTrue(replayed.containsAll(acknowledged), "every acknowledged record is there after the disk filled");
        }
    }

    @Test
    void checkpointOnAFullDiskFailsAndThePreviousOneRecovers() throws Exception {
        CheckpointOptions options = new CheckpointOptions(0, 5, 4096, 8, 1L << 30);
        byte[] lastGood;
        try (CheckpointStore store = Checkpoints.open(small, "app", options)) {
            CriticalRegion region = store.allocate("state", 300 << 10);
            Random random = new Random(7);
            byte[] content = new byte[300 << 10];
            CheckpointException full = null;
            lastGood = null;
            for (int i = 0; i < 10 && full == null; i++) {
                random.nextBytes(content); // every block changes: each checkpoint is as big as the region
                region.write(0, ByteBuffer.wrap(content));
                try {
                    store.checkpoint();
                    lastGood = content.clone();
                } catch (CheckpointException e) {
                    full = e;
                }
            }
            assertTrue(full != null, "a 1 MiB disk cannot hold ten checkpoints of 300 KiB");
            assertEquals(CheckpointException.Reason.DISK_FULL, full.reason(), full.getMessage());
        }
        try (CheckpointStore store = Checkpoints.open(small, "app", options)) {
            CriticalRegion region = store.allocate("state", 300 << 10);
            assertTrue(store.recover().isPresent());
            byte[] recovered = new byte[300 << 10];
            region.read(0, ByteBuffer.wrap(recovered));
            assertArrayEquals(lastGood, recovered, "the last checkpoint acknowledged before the disk filled");
        }
    }

    private static int run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        return process.exitValue();
    }
}
