package org.swiftft.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

/** The file formats: what is read back, and what is refused or cut. */
class CounterFormatTest {

    @Test
    void snapshotReadsBackWhatWasWritten() throws IOException {
        Map<String, Long> totals = new TreeMap<>(Map.of("a", 5L, "ключ", -3L, "max", Long.MAX_VALUE));
        CounterState state = CounterSnapshot.decode(CounterSnapshot.encode(42, totals), "test");
        assertEquals(42, state.seq());
        assertEquals(totals, state.totals());
    }

    @Test
    void damagedSnapshotIsRefusedNotHalfRead() {
        byte[] bytes = CounterSnapshot.encode(42, Map.of("a", 5L));
        bytes[20] ^= 1;
        IOException refused = assertThrows(IOException.class, () -> CounterSnapshot.decode(bytes, "counter.checkpoint"));
        assertTrue(refused.getMessage().startsWith("counter.checkpoint is damaged: its CRC32C"), refused.getMessage());
    }

    @Test
    void journalScanStopsAtATornOrCorruptRecord() throws IOException {
        byte[] first = bytes(new CounterJournal.Change(1, "a", 5));
        byte[] second = bytes(new CounterJournal.Change(2, "b", -7));
        byte[] whole = concat(first, second);
        assertEquals(List.of(new CounterJournal.Change(1, "a", 5), new CounterJournal.Change(2, "b", -7)),
                CounterJournal.scan(whole, "j").changes());
        for (int cut = first.length + 1; cut < whole.length; cut++) { // torn anywhere in the second record
            CounterJournal.Scan scan = CounterJournal.scan(Arrays.copyOf(whole, cut), "j");
            assertEquals(1, scan.changes().size(), "cut at " + cut);
            assertEquals(first.length, scan.validBytes(), "cut at " + cut);
        }
        byte[] corrupt = whole.clone();
        corrupt[corrupt.length - 1] ^= 1; // the second record's last payload byte
        assertEquals(first.length, CounterJournal.scan(corrupt, "j").validBytes(), "a CRC mismatch ends the records");
    }

    private static byte[] bytes(CounterJournal.Change change) {
        ByteBuffer record = CounterJournal.record(change);
        byte[] bytes = new byte[record.remaining()];
        record.get(bytes);
        return bytes;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
