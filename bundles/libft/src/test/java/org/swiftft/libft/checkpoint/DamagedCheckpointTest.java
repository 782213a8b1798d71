package org.swiftft.libft.checkpoint;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.swiftft.checkpoint.CheckpointDTO;
import org.swiftft.checkpoint.CheckpointDTO.Verification;
import org.swiftft.checkpoint.CheckpointException;
import org.swiftft.checkpoint.CheckpointException.Reason;
import org.swiftft.checkpoint.CheckpointOptions;
import org.swiftft.checkpoint.CheckpointStore;
import org.swiftft.checkpoint.CriticalRegion;
import org.swiftft.checkpoint.RecoveredCheckpoint;

/**
 * Damaged checkpoints are detected, reported with file and offset, and passed over for the newest
 * good one; when none is good, or the newest cannot be read by this version, recovery says so
 * instead of returning an older or empty state.
 */
class DamagedCheckpointTest {

    static final CheckpointOptions ALL_FULL = new CheckpointOptions(0, 10, 256, 0, 1L << 30);
    static final CheckpointOptions CHAINED = new CheckpointOptions(0, 10, 256, 10, 1L << 30);

    @TempDir
    Path dir;

    /** Takes one checkpoint per state, each state a byte repeated in region and provider. */
    void checkpoints(CheckpointOptions options, int... states) throws Exception {
        try (CheckpointStore store = Checkpoints.open(dir, "app", options)) {
            CriticalRegion r = store.allocate("r", 1000);
            BytesProvider p = new BytesProvider(new byte[0]);
            store.register("p", p);
            store.recover(); // as an application does before it checkpoints again
            for (int s : states) {
                byte[] bytes = new byte[1000];
                Arrays.fill(bytes, (byte) s);
                r.write(0, ByteBuffer.wrap(bytes));
                p.state = Arrays.copyOf(bytes, 300 + s);
                store.checkpoint();
            }
        }
    }

    /** Recovers in a fresh store and returns the state byte found (region and provider must agree). */
    int recoveredState(List<String> skipped) throws Exception {
        try (CheckpointStore store = Checkpoints.open(dir, "app", ALL_FULL)) {
            CriticalRegion r = store.allocate("r", 1000);
            BytesProvider p = new BytesProvider(new byte[0]);
            store.register("p", p);
            RecoveredCheckpoint recovered = store.recover().orElseThrow();
            skipped.addAll(recovered.skipped());
            byte[] bytes = IncrementalCheckpointTest.bytes(r);
            int s = bytes[0];
            byte[] expected = new byte[1000];
            Arrays.fill(expected, (byte) s);
            assertArrayEquals(expected, bytes, "a region restored whole, never a mix");
            assertArrayEquals(Arrays.copyOf(expected, 300 + s), p.state, "the provider of the same checkpoint");
            return s;
        }
    }

    Path file(long sequence) {
        return dir.resolve(CheckpointFormat.fileName(sequence));
    }

    @Test
    void aGarbageFileIsPassedOverAndReported() throws Exception {
        checkpoints(ALL_FULL, 1, 2);
        Files.write(file(3), "this is not a checkpoint".getBytes());
        List<String> skipped = new java.util.ArrayList<>();
        assertEquals(2, recoveredState(skipped));
        assertEquals(1, skipped.size());
        assertTrue(skipped.get(0).contains(file(3) + " at offset 0: not a checkpoint file"), skipped.get(0));
        CheckpointDTO listed = CheckpointFiles.list(dir).get(2);
        assertEquals(Verification.CORRUPT, listed.verified);
        assertEquals(3, listed.sequence);
    }

    @Test
    void aTruncatedFileAtAnyLengthIsPassedOver() throws Exception {
        checkpoints(ALL_FULL, 1, 2);
        byte[] whole = Files.readAllBytes(file(2));
        for (int length = 0; length < whole.length; length += 7) {
            Files.write(file(2), Arrays.copyOf(whole, length));
            List<String> skipped = new java.util.ArrayList<>();
            assertEquals(1, recoveredState(skipped), "cut at " + length);
            assertTrue(skipped.get(0).startsWith(file(2).toString()), skipped.get(0));
        }
    }

    @Test
    void aByteFlippedAtAnyOffsetIsDetected() throws Exception {
        checkpoints(ALL_FULL, 1, 2);
        byte[] whole = Files.readAllBytes(file(2));
        for (int offset = 0; offset < whole.length; offset++) {
            byte[] flipped = whole.clone();
            flipped[offset] ^= 0x10;
            Files.write(file(2), flipped);
            List<String> skipped = new java.util.ArrayList<>();
            assertEquals(1, recoveredState(skipped), "flipped at " + offset);
            assertEquals(1, skipped.size(), "flipped at " + offset);
            assertTrue(skipped.get(0).startsWith(file(2) + " at offset "), skipped.get(0));
        }
    }

    @Test
    void aFlippedHeaderByteIsReportedAtTheHeader() throws Exception {
        checkpoints(ALL_FULL, 1, 2);
        byte[] whole = Files.readAllBytes(file(2));
        int headerLength = CheckpointFormat.HEADER_FIXED + "app".length();
        for (int offset = 0; offset < headerLength; offset++) {
            byte[] flipped = whole.clone();
            flipped[offset] ^= 0x01;
            Files.write(file(2), flipped);
            CheckpointDTO listed = CheckpointFiles.list(dir).get(1);
            assertEquals(Verification.CORRUPT, listed.verified, "flipped at " + offset);
            assertTrue(listed.problem.contains(": the header's CRC32C does not match")
                    || listed.problem.contains(" at offset 0: not a checkpoint file")
                    || listed.problem.contains(" at offset 10: header length"), listed.problem);
        }
    }

    @Test
    void aDamagedBlockIsReportedByVerifyWithItsOffset() throws Exception {
        checkpoints(ALL_FULL, 1, 2);
        byte[] whole = Files.readAllBytes(file(2));
        int dataOffset = CheckpointFormat.HEADER_FIXED + 3 + CheckpointFormat.ENTRY_FIXED + 1 + CheckpointFormat.BLOCK_HEADER;
        whole[dataOffset + 5] ^= 1;
        Files.write(file(2), whole);
        List<CheckpointDTO> verified = CheckpointFiles.verify(dir);
        assertEquals(Verification.OK, verified.get(0).verified);
        assertEquals(Verification.CORRUPT, verified.get(1).verified);
        assertEquals(file(2) + " at offset " + dataOffset + ": block 0 of 'r' fails its CRC32C: its data is damaged",
                verified.get(1).problem);
    }

    @Test
    void aFutureFormatVersionIsRefusedNotPassedOver() throws Exception {
        checkpoints(ALL_FULL, 1, 2);
        writeVersion(file(2), 2);
        try (CheckpointStore store = Checkpoints.open(dir, "app", ALL_FULL)) {
            store.allocate("r", 1000);
            CheckpointException e = assertThrows(CheckpointException.class, store::recover);
            assertEquals(Reason.UNSUPPORTED_FORMAT, e.reason());
            assertEquals(file(2).toString(), e.file());
            assertEquals(8, e.offset());
            assertTrue(e.getMessage().contains("format version 2"), e.getMessage());
        }
    }

    @Test
    void aFutureFormatVersionOlderThanAGoodCheckpointDoesNotMatter() throws Exception {
        checkpoints(ALL_FULL, 1, 2);
        writeVersion(file(1), 2);
        assertEquals(2, recoveredState(new java.util.ArrayList<>()));
    }

    @Test
    void whenEveryCheckpointIsDamagedRecoverSaysSoInsteadOfAFirstStart() throws Exception {
        checkpoints(ALL_FULL, 1, 2);
        Files.write(file(1), new byte[100]);
        Files.write(file(2), new byte[0]);
        try (CheckpointStore store = Checkpoints.open(dir, "app", ALL_FULL)) {
            CheckpointException e = assertThrows(CheckpointException.class, store::recover);
            assertEquals(Reason.CORRUPT, e.reason());
            assertTrue(e.getMessage().contains("every one is damaged"), e.getMessage());
            assertTrue(e.getMessage().contains(file(1).toString()) && e.getMessage().contains(file(2).toString()));
        }
    }

    @Test
    void anIncrementWhoseBaseIsDamagedIsPassedOverWithIt() throws Exception {
        checkpoints(ALL_FULL, 1);
        checkpoints(CHAINED, 2, 3); // 2 full, 3 an increment of it
        byte[] base = Files.readAllBytes(file(2));
        base[base.length - 50] ^= 1;
        Files.write(file(2), base);
        List<String> skipped = new java.util.ArrayList<>();
        assertEquals(1, recoveredState(skipped));
        assertEquals(2, skipped.size(), skipped.toString());
        assertTrue(skipped.get(0).startsWith("checkpoint 3 needs checkpoint 2, which cannot be used"), skipped.get(0));
        CheckpointDTO three = CheckpointFiles.verify(dir).get(2);
        assertEquals(Verification.CORRUPT, three.verified);
        assertEquals("increment 3 needs checkpoint 2, which is damaged", three.problem);
    }

    @Test
    void anIncrementWhosePreviousIsMissingIsPassedOver() throws Exception {
        checkpoints(ALL_FULL, 1);
        checkpoints(CHAINED, 2, 3, 4);
        Files.delete(file(3));
        List<String> skipped = new java.util.ArrayList<>();
        assertEquals(2, recoveredState(skipped));
        assertTrue(skipped.get(0).contains("needs checkpoint 3, which is missing"), skipped.get(0));
    }

    @Test
    void listingIgnoresTemporaryFilesOfAWriter() throws Exception {
        checkpoints(ALL_FULL, 1);
        Files.write(dir.resolve("00000000000000000002" + CheckpointFormat.TEMP_SUFFIX), new byte[10]);
        assertEquals(List.of(1L), CheckpointFiles.verify(dir).stream().map(d -> d.sequence).toList());
    }

    /** Rewrites the version field and the header CRC, as a newer SwiFT would have written them. */
    static void writeVersion(Path file, int version) throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer b = ByteBuffer.wrap(bytes);
        int headerLength = Short.toUnsignedInt(b.getShort(10));
        b.putShort(8, (short) version);
        b.putInt(headerLength - 4, CheckpointFormat.crc32c(ByteBuffer.wrap(bytes, 0, headerLength - 4)));
        Files.write(file, bytes);
    }
}
