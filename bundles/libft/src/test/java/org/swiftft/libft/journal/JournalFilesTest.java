package org.swiftft.libft.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.swiftft.libft.journal.JournalFixtures.options;
import static org.swiftft.libft.journal.JournalFixtures.text;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.swiftft.journal.Durability;
import org.swiftft.journal.Journal;
import org.swiftft.journal.JournalDTO;

/** What a catalog in another process sees, beside a writer. */
class JournalFilesTest {

    @TempDir
    Path directory;

    @Test
    void journalIsDescribedFromItsFilesWhileItsWriterHasItOpen() throws Exception {
        try (Journal journal = Journals.open(directory, "orders", options(Durability.EVERY_APPEND))) {
            for (int i = 0; i < 5; i++) {
                journal.append(text("event " + i));
            }

            JournalDTO seen = JournalFiles.inspect(directory, "orders");

            assertEquals(List.of("orders"), JournalFiles.names(directory));
            assertEquals(1, seen.firstSequence);
            assertEquals(5, seen.lastSequence);
            assertEquals(-1, seen.lastDurableSequence, "the files do not say what was fsync'd");
            assertEquals(Durability.EVERY_APPEND, seen.durability);
            assertEquals(1, seen.segments);
            assertTrue(seen.sizeBytes > 0 && seen.sizeCapBytes > 0);
            assertNull(seen.failure);
            journal.append(text("after the look"));
        }
    }

    @Test
    void tornTailIsNamedWithItsFileAndOffsetAndLeftForTheWriterToCut() throws Exception {
        try (Journal journal = Journals.open(directory, "orders", options(Durability.EVERY_APPEND))) {
            journal.append(text("kept"));
        }
        Path segment = JournalFiles.names(directory).isEmpty() ? null : Files.list(directory)
                .filter(file -> file.toString().endsWith(".jnl")).findFirst().orElseThrow();
        long size = Files.size(segment);
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            channel.write(java.nio.ByteBuffer.wrap(new byte[] {0, 0, 0, 40, 1, 2})); // half a frame
        }

        JournalDTO seen = JournalFiles.inspect(directory, "orders");

        assertEquals(1, seen.lastSequence);
        assertTrue(seen.failure.contains(segment + " at offset " + size), seen.failure);
        assertEquals(size + 6, Files.size(segment), "a reader changes nothing");
    }

    @Test
    void damageInAnEarlierSegmentAndAMissingSegmentAreNamedAsWhatStopsAnOpen() throws Exception {
        org.swiftft.journal.JournalOptions small = new org.swiftft.journal.JournalOptions(Durability.EVERY_APPEND, 200, 1000,
                1 << 20, 1L << 30, 300);
        try (Journal journal = Journals.open(directory, "orders", small)) {
            for (int i = 0; i < 30; i++) {
                journal.append(text("event number " + i));
            }
        }
        List<Path> segments;
        try (var files = Files.list(directory)) {
            segments = files.filter(file -> file.toString().endsWith(".jnl")).sorted().toList();
        }
        assertTrue(segments.size() >= 3, segments.toString());
        byte[] first = Files.readAllBytes(segments.get(0));
        first[first.length - 3] ^= 1; // inside its last record's payload
        Files.write(segments.get(0), first);

        JournalDTO damaged = JournalFiles.inspect(directory, "orders");
        assertTrue(damaged.failure.contains(segments.get(0).toString()) && damaged.failure.contains("will not open"), damaged.failure);

        first[first.length - 3] ^= 1;
        Files.write(segments.get(0), first);
        Files.delete(segments.get(1));
        JournalDTO missing = JournalFiles.inspect(directory, "orders");
        assertTrue(missing.failure.contains("are missing before " + segments.get(2)), missing.failure);
    }
}
