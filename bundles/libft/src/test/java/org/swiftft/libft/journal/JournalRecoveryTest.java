package org.swiftft.libft.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.swiftft.libft.journal.JournalFixtures.options;
import static org.swiftft.libft.journal.JournalFixtures.payloads;
import static org.swiftft.libft.journal.JournalFixtures.text;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.swiftft.journal.Durability;
import org.swiftft.journal.Journal;
import org.swiftft.journal.JournalException;
import org.swiftft.journal.JournalException.Reason;

/**
 * Opening what a crash, a bad disk or a careless person left behind. Records are "record NNN"
 * (10 bytes, 34 with their frame), so record k of a segment starts at 32 + 34 k.
 */
@Timeout(60) // a lost wake-up would otherwise hang the build, not fail it
class JournalRecoveryTest {

    private static final int FRAME = 34;

    @TempDir
    Path dir;
    private final List<TailCut> cuts = new ArrayList<>();

    private Journal open() throws JournalException {
        return Journals.open(dir, "j", options(Durability.GROUP_COMMIT), cuts::add);
    }

    /** Writes records 1..count and closes the journal; 4 KiB segments hold 119 records each. */
    private List<Path> journalOf(int count) throws Exception {
        try (Journal journal = open()) {
            for (int i = 1; i <= count; i++) {
                journal.appendAsync(text(String.format("record %03d", i % 1000)));
            }
        }
        return segments();
    }

    private List<Path> segments() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".jnl")).sorted().toList();
        }
    }

    private JournalException openFails(Reason reason) {
        JournalException e = assertThrows(JournalException.class, this::open);
        assertEquals(reason, e.reason(), e.getMessage());
        return e;
    }

    private static void assertNames(JournalException e, Path file, long offset) {
        assertEquals(file.toString(), e.file(), e.getMessage());
        assertEquals(offset, e.offset(), e.getMessage());
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("offset " + offset), e.getMessage());
    }

    @Test
    void aFileNamedLikeASegmentHoldingGarbageIsReportedAtOffsetZero() throws Exception {
        Path garbage = dir.resolve("j-00000000000000000001.jnl");
        byte[] noise = new byte[500];
        new Random(4).nextBytes(noise);
        Files.write(garbage, noise);

        JournalException e = openFails(Reason.CORRUPT);
        assertNames(e, garbage, 0);
        assertTrue(e.getMessage().contains("magic"), e.getMessage());
        assertEquals(500, Files.size(garbage), "left as found");
    }

    @Test
    void otherFilesInTheDirectoryAreNeitherReadNorTouched() throws Exception {
        for (String name : List.of("j-1.jnl", "j-00000000000000000001.jnl.tmp", "k-00000000000000000001.jnl", "README")) {
            Files.writeString(dir.resolve(name), "garbage");
        }
        try (Journal journal = open()) {
            assertEquals(1, journal.append(text("fresh")));
        }
        assertEquals("garbage", Files.readString(dir.resolve("k-00000000000000000001.jnl")));
    }

    @Test
    void aTornTailIsCutAtTheLastGoodRecordAndAppendingGoesOn() throws Exception {
        Path segment = journalOf(5).get(0);
        truncate(segment, 32 + 4 * FRAME + 20); // record 5 cut in the middle of its payload

        try (Journal journal = open()) {
            assertEquals(4, journal.lastSequence());
            assertEquals(1, cuts.size());
            assertEquals(segment.toString(), cuts.get(0).file());
            assertEquals(32 + 4 * FRAME, cuts.get(0).offset());
            assertEquals(20, cuts.get(0).bytesCut());
            assertEquals(4, cuts.get(0).lastGoodSequence());
            assertEquals(5, journal.append(text("record 005")));
            assertEquals(List.of("record 001", "record 002", "record 003", "record 004", "record 005"), payloads(journal));
        }
        assertEquals(32 + 5 * FRAME, Files.size(segment));
    }

    @Test
    void aZeroFilledTailIsCut() throws Exception {
        Path segment = journalOf(5).get(0);
        Files.write(segment, new byte[4096], StandardOpenOption.APPEND);

        try (Journal journal = open()) {
            assertEquals(5, journal.lastSequence());
            assertEquals(32 + 5 * FRAME, cuts.get(0).offset());
        }
        assertEquals(32 + 5 * FRAME, Files.size(segment), "the cut is made in the file");
    }

    @Test
    void damageFollowedBySoundRecordsIsCorruptAndNothingIsCut() throws Exception {
        Path segment = journalOf(5).get(0);
        flip(segment, 32 + FRAME + 30); // a payload byte of record 2

        JournalException e = openFails(Reason.CORRUPT);
        assertNames(e, segment, 32 + FRAME);
        assertTrue(e.getMessage().contains("sound record follows"), e.getMessage());
        assertEquals(32 + 5 * FRAME, Files.size(segment));
        assertTrue(cuts.isEmpty());
    }

    /** The format's limit, documented: damage to the very last record cannot be told from a tear. */
    @Test
    void damageToTheLastRecordAloneLooksTornAndIsCut() throws Exception {
        Path segment = journalOf(5).get(0);
        flip(segment, 32 + 4 * FRAME + 30);

        try (Journal journal = open()) {
            assertEquals(4, journal.lastSequence());
            assertEquals(1, cuts.size());
        }
    }

    @Test
    void aTruncatedSegmentBeforeTheLastIsCorrupt() throws Exception {
        List<Path> segments = journalOf(300);
        assertTrue(segments.size() >= 3);
        Path first = segments.get(0);
        long size = Files.size(first);
        truncate(first, size - 5);

        JournalException e = openFails(Reason.CORRUPT);
        assertNames(e, first, size - FRAME);
        assertTrue(e.getMessage().contains("not the last segment"), e.getMessage());
    }

    @Test
    void aMissingSegmentInTheMiddleIsCorrupt() throws Exception {
        List<Path> segments = journalOf(300);
        Files.delete(segments.get(1));

        JournalException e = openFails(Reason.CORRUPT);
        assertNames(e, segments.get(2), 8);
        assertTrue(e.getMessage().contains("are missing before it"), e.getMessage());
    }

    @Test
    void everyByteOfASegmentHeaderFlippedIsDetectedWithFileAndOffset() throws Exception {
        List<Path> segments = journalOf(200);
        assertEquals(2, segments.size());
        for (Path segment : segments) {
            byte[] original = Files.readAllBytes(segment);
            for (int offset = 0; offset < 32; offset++) {
                flip(segment, offset);
                JournalException e = openFails(Reason.CORRUPT);
                assertEquals(segment.toString(), e.file(), "byte " + offset);
                assertTrue(e.offset() >= 0 && e.offset() < 32, "byte " + offset + ": " + e.getMessage());
                assertTrue(e.getMessage().contains(segment.toString() + " is damaged at offset " + e.offset()),
                        e.getMessage());
                Files.write(segment, original);
            }
        }
        assertTrue(cuts.isEmpty());
        try (Journal journal = open()) {
            assertEquals(200, journal.lastSequence(), "restored, the journal opens whole");
        }
    }

    @Test
    void aTornHeaderOfAFreshLastSegmentIsRewrittenSinceItHoldsNoRecord() throws Exception {
        List<Path> segments = journalOf(119);
        assertEquals(1, segments.size());
        Path started = dir.resolve("j-00000000000000000120.jnl");
        Files.write(started, new byte[] { 'S', 'W', 'J', 'L', 0, 1, 0 }); // crash while writing the header

        try (Journal journal = open()) {
            assertEquals(119, journal.lastSequence());
            assertEquals(started.toString(), cuts.get(0).file());
            assertEquals(120, journal.append(text("record 120")));
        }
        assertEquals(32 + FRAME, Files.size(started));
    }

    @Test
    void aFutureFormatVersionIsUnsupportedAndNamesTheFile() throws Exception {
        Path segment = journalOf(3).get(0);
        // Version 2 with a longer header (40 bytes): a reader finds the CRC through the length field.
        ByteBuffer header = ByteBuffer.allocate(40);
        header.putInt(JournalFormat.MAGIC).putShort((short) 2).putShort((short) 40).putLong(1).putLong(0).putLong(0).putInt(0);
        header.putInt(JournalFormat.crc(header.array(), 0, 36));
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            channel.write(header.flip(), 0);
        }

        JournalException e = openFails(Reason.UNSUPPORTED_FORMAT);
        assertEquals(segment.toString(), e.file());
        assertTrue(e.getMessage().contains(segment.toString()) && e.getMessage().contains("format version 2"),
                e.getMessage());
    }

    @Test
    void replayFindsDamageThatAppearedAfterOpen() throws Exception {
        journalOf(200);
        try (Journal journal = open()) {
            Path first = segments().get(0);
            flip(first, 32 + 3 * FRAME + 12);
            JournalException e = assertThrows(JournalException.class, () -> journal.replay(1, r -> { }));
            assertEquals(Reason.CORRUPT, e.reason());
            assertNames(e, first, 32 + 3 * FRAME);
        }
    }

    private static void flip(Path file, long offset) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(1);
            channel.read(b, offset);
            b.put(0, (byte) (b.get(0) ^ 0x01)).rewind();
            channel.write(b, offset);
        }
    }

    private static void truncate(Path file, long size) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(size);
        }
    }
}
