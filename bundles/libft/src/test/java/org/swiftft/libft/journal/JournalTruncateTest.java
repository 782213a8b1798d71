package org.swiftft.libft.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.swiftft.libft.journal.JournalFixtures.options;
import static org.swiftft.libft.journal.JournalFixtures.replay;
import static org.swiftft.libft.journal.JournalFixtures.text;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.swiftft.journal.Durability;
import org.swiftft.journal.Journal;
import org.swiftft.journal.JournalException;
import org.swiftft.journal.JournalException.Reason;
import org.swiftft.journal.JournalOptions;

@Timeout(60) // a lost wake-up would otherwise hang the build, not fail it
class JournalTruncateTest {

    @TempDir
    Path dir;
    private Journal journal;

    @BeforeEach
    void open() throws JournalException {
        journal = Journals.open(dir, "j", options(Durability.GROUP_COMMIT));
        CompletableFuture<Long> last = null;
        for (int i = 1; i <= 500; i++) {
            last = journal.appendAsync(text(String.format("event %05d", i))).toCompletableFuture();
        }
        last.join();
    }

    @AfterEach
    void close() throws JournalException {
        journal.close();
    }

    @Test
    void truncateFreesWholeSegmentsUpToTheSequence() throws Exception {
        long segmentsBefore = segmentFiles();

        journal.truncate(300);

        long first = journal.firstSequence();
        assertTrue(first <= 301, "records after 300 are all held: first " + first);
        assertTrue(first > 1, "whole segments before 300 are freed");
        assertTrue(segmentFiles() < segmentsBefore);
        assertEquals(first, replay(journal, first).get(0).sequence());
        assertEquals(500, journal.replay(301, r -> { }));
    }

    @Test
    void replayFromTruncatedRecordsFailsTruncatedRatherThanSkipping() throws Exception {
        journal.truncate(300);
        JournalException e = assertThrows(JournalException.class, () -> journal.replay(1, r -> { }));
        assertEquals(Reason.TRUNCATED, e.reason());
        assertTrue(e.getMessage().contains("oldest held is " + journal.firstSequence()), e.getMessage());
    }

    @Test
    void truncateIsDurableAndSurvivesReopen() throws Exception {
        journal.truncate(300);
        long first = journal.firstSequence();
        journal.close();
        journal = Journals.open(dir, "j", options(Durability.GROUP_COMMIT));
        assertEquals(first, journal.firstSequence());
        assertEquals(500, journal.lastSequence());
        assertEquals(501, journal.append(text("next")));
    }

    @Test
    void truncatingEverythingKeepsTheSegmentBeingWrittenSoNumberingGoesOn() throws Exception {
        journal.truncate(500);
        assertEquals(1, segmentFiles());
        journal.close();
        journal = Journals.open(dir, "j", options(Durability.GROUP_COMMIT));
        assertEquals(501, journal.append(text("next")));
    }

    @Test
    void truncatingBeyondTheLastSequenceIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> journal.truncate(501));
    }

    @Test
    void truncateMakesRoomInAFullJournal() throws Exception {
        journal.close();
        Path other = dir.resolve("capped");
        journal = Journals.open(other, "j", new JournalOptions(Durability.GROUP_COMMIT, 0, 1000, 1024, 8192, 2048));
        long last = 0;
        JournalException full = null;
        while (full == null) {
            try {
                last = journal.append(text("x".repeat(100)));
            } catch (JournalException e) {
                full = e;
            }
        }
        assertEquals(Reason.FULL, full.reason());
        assertTrue(full.getMessage().contains("cap 8192"), full.getMessage());
        assertEquals(last, journal.lastSequence(), "a refused append uses no sequence");
        assertTrue(journal.info().sizeBytes <= 8192);

        journal.truncate(last);
        assertEquals(last + 1, journal.append(text("x".repeat(100))));
    }

    private long segmentFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".jnl")).count();
        }
    }
}
