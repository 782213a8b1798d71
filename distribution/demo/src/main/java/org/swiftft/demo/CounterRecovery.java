package org.swiftft.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Rebuilds the counters from a directory, reading only: the snapshot if there is one, then the
 * journal's records after it. Writing nothing is what lets a standby run it on files the replication
 * is still changing, and the store decide alone what to cut.
 *
 * @param state        the counters as of the last intact change
 * @param snapshotSeq  the snapshot's seq, 0 without one
 * @param replayed     journal records applied after the snapshot
 * @param journalBytes the journal's size as read
 * @param validBytes   where its intact records end; beyond is a torn tail to cut
 */
record CounterRecovery(CounterState state, long snapshotSeq, int replayed, long journalBytes, long validBytes) {

    static final String SNAPSHOT = "counter.checkpoint";
    static final String SNAPSHOT_TEMPORARY = "counter.checkpoint.tmp";
    static final String JOURNAL = "counter.journal";

    /**
     * @throws IOException naming the file when the snapshot is damaged, or when the journal's records
     *                     do not follow on from it (a change missing): serving then would serve wrong totals
     */
    static CounterRecovery read(Path directory) throws IOException {
        CounterState state = CounterState.empty();
        Path snapshot = directory.resolve(SNAPSHOT);
        byte[] snapshotBytes = readIfExists(snapshot);
        if (snapshotBytes != null) {
            state = CounterSnapshot.decode(snapshotBytes, snapshot.toString());
        }
        long snapshotSeq = state.seq();
        Path journal = directory.resolve(JOURNAL);
        byte[] journalBytes = readIfExists(journal);
        if (journalBytes == null) {
            return new CounterRecovery(state, snapshotSeq, 0, 0, 0);
        }
        CounterJournal.Scan scan = CounterJournal.scan(journalBytes, journal.toString());
        int replayed = 0;
        for (CounterJournal.Change change : scan.changes()) {
            if (change.seq() <= state.seq()) {
                continue; // in the snapshot already: killed between the snapshot's rename and the journal's cut
            }
            try {
                state.apply(change.seq(), change.key(), change.delta());
            } catch (IllegalStateException | ArithmeticException e) {
                throw new IOException(journal + ": " + e.getMessage() + " (snapshot at " + snapshotSeq
                        + "): a change is missing or the files are not one counter's; not serving wrong totals", e);
            }
            replayed++;
        }
        return new CounterRecovery(state, snapshotSeq, replayed, journalBytes.length, scan.validBytes());
    }

    boolean tornTail() {
        return validBytes < journalBytes;
    }

    private static byte[] readIfExists(Path file) throws IOException {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null;
        }
    }
}
