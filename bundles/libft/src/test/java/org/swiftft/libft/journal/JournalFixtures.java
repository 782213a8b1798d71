package org.swiftft.libft.journal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.swiftft.journal.Durability;
import org.swiftft.journal.Journal;
import org.swiftft.journal.JournalException;
import org.swiftft.journal.JournalOptions;

/** Small segments so that tests cross segment boundaries; everything else as in production. */
final class JournalFixtures {

    static final int SEGMENT_BYTES = 4096;

    private JournalFixtures() {
    }

    static JournalOptions options(Durability durability) {
        return new JournalOptions(durability, 200, 1_000, 64 * 1024, 16L << 20, SEGMENT_BYTES);
    }

    static ByteBuffer text(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    static String text(ByteBuffer b) {
        ByteBuffer copy = b.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** A record copied out of its replay callback. */
    record Replayed(long sequence, long time, String payload) {
    }

    static List<Replayed> replay(Journal journal, long from) throws JournalException {
        List<Replayed> records = new ArrayList<>();
        journal.replay(from, r -> records.add(new Replayed(r.sequence(), r.time(), text(r.payload()))));
        return records;
    }

    static List<String> payloads(Journal journal) throws JournalException {
        return replay(journal, journal.firstSequence()).stream().map(Replayed::payload).toList();
    }
}
