package org.swiftft.libft.journal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.swiftft.journal.JournalException;
import org.swiftft.libft.journal.SegmentReader.Status;
import org.swiftft.libft.journal.SegmentStorage.SegmentChannel;

/**
 * Opening a journal: every segment is read and every record checked, so that damage is found now
 * and not in the middle of a replay. A torn or corrupt tail of the last segment — bytes after the
 * last sound record, with no sound record behind them — can only hold records that were never
 * acknowledged, and is cut off. Anything else bad is damage to records that may have been
 * acknowledged: the journal is then refused with the file and offset, never silently shortened.
 */
final class SegmentRecovery {

    /** What the journal resumes from: its segments (the last one still open for writing). */
    record Recovered(List<Segment> segments, SegmentChannel active, long activeBytes, long lastSequence) {
    }

    /** One segment after its check: its length (after any cut) and its last record. */
    private record Scanned(long bytes, long lastSequence) {
    }

    private final SegmentFiles files;
    private final Consumer<TailCut> onCut;

    SegmentRecovery(SegmentFiles files, Consumer<TailCut> onCut) {
        this.files = files;
        this.onCut = onCut;
    }

    Recovered recover() throws JournalException {
        List<Segment> found;
        try {
            found = files.list();
        } catch (IOException e) {
            throw JournalErrors.io(files.journal(), "listing", files.directory(), -1, e, false);
        }
        if (found.isEmpty()) {
            return fresh();
        }
        List<Segment> segments = new ArrayList<>();
        long lastSequence = 0;
        for (int i = 0; i < found.size(); i++) {
            boolean last = i == found.size() - 1;
            Segment segment = found.get(i);
            SegmentChannel channel = open(segment.file());
            try {
                Scanned scanned = scan(channel, segment, last, segments.isEmpty() ? -1 : lastSequence + 1);
                lastSequence = scanned.lastSequence();
                segments.add(new Segment(segment.file(), segment.firstSequence(), scanned.bytes()));
                if (last) {
                    return new Recovered(segments, channel, scanned.bytes(), lastSequence);
                }
            } catch (JournalException | RuntimeException e) {
                closeQuietly(channel);
                throw e;
            } catch (IOException e) {
                closeQuietly(channel);
                throw JournalErrors.io(files.journal(), "reading", segment.file(), -1, e, false);
            }
            closeQuietly(channel);
        }
        throw new AssertionError("the last segment returns");
    }

    /**
     * Checks one segment and cuts its tail if it is the last.
     *
     * @param expectedFirst the sequence the previous segment leaves off at, or -1 for the first
     */
    private Scanned scan(SegmentChannel channel, Segment segment, boolean last, long expectedFirst)
            throws IOException, JournalException {
        Path file = segment.file();
        long size = channel.size();
        SegmentReader reader = new SegmentReader(channel, size);
        Status header = reader.readHeader();
        if (header == Status.UNSUPPORTED) {
            throw JournalErrors.unsupported(file, reader.problemOffset(), reader.problem());
        }
        long first = segment.firstSequence();
        if (header != Status.OK) {
            if (!last || size > JournalFormat.HEADER_BYTES) {
                throw JournalErrors.corrupt(file, reader.problemOffset(), reader.problem());
            }
            // Only a crash while the segment was being started leaves a bad header and nothing after it.
            files.rewriteHeader(channel, first);
            cut(file, 0, size, first - 1, "its header was torn and it held no record: header rewritten");
            checkContinuity(file, first, expectedFirst);
            return new Scanned(JournalFormat.HEADER_BYTES, first - 1);
        }
        if (reader.firstSequence() != first) {
            throw JournalErrors.corrupt(file, 8, "its header says first sequence " + reader.firstSequence()
                    + " but its name says " + first);
        }
        checkContinuity(file, first, expectedFirst);
        return scanRecords(reader, channel, file, first, last);
    }

    /** Reads every record; at the first bad one, refuses the journal or cuts the tail. */
    private Scanned scanRecords(SegmentReader reader, SegmentChannel channel, Path file, long first, boolean last)
            throws IOException, JournalException {
        long size = channel.size();
        long expected = first;
        Status status;
        while ((status = reader.next()) == Status.RECORD && reader.sequence() == expected) {
            expected++;
        }
        if (status == Status.END) {
            return new Scanned(size, expected - 1);
        }
        long badAt = reader.recordOffset();
        String problem = status == Status.RECORD
                ? "the record there has sequence " + reader.sequence() + " where " + expected + " was expected"
                : reader.problem();
        if (!last) {
            throw JournalErrors.corrupt(file, badAt, problem + " (and it is not the last segment)");
        }
        long sound = reader.findSoundRecordAfter(badAt, expected - 1);
        if (sound >= 0) {
            throw JournalErrors.corrupt(file, badAt, problem + "; a sound record follows at offset " + sound
                    + ", so this is damage, not a torn tail");
        }
        channel.truncate(badAt);
        channel.force(true);
        cut(file, badAt, size - badAt, expected - 1, problem);
        return new Scanned(badAt, expected - 1);
    }

    private static void checkContinuity(Path file, long first, long expectedFirst) throws JournalException {
        if (expectedFirst >= 0 && first != expectedFirst) {
            throw JournalErrors.corrupt(file, 8, first > expectedFirst
                    ? "records " + expectedFirst + " to " + (first - 1) + " are missing before it"
                    : "it starts at sequence " + first + ", inside the previous segment, which ends at "
                            + (expectedFirst - 1));
        }
    }

    private void cut(Path file, long offset, long bytes, long lastGood, String problem) {
        String message = "journal " + files.journal() + ": cut " + bytes + " bytes of a torn tail off " + file
                + " at offset " + offset + " (" + problem + "); last record kept: " + lastGood
                + ". Only records never acknowledged are cut.";
        System.getLogger(SegmentRecovery.class.getName()).log(System.Logger.Level.WARNING, message);
        onCut.accept(new TailCut(file.toString(), offset, bytes, lastGood, message));
    }

    private Recovered fresh() throws JournalException {
        Path file = files.path(1);
        try {
            SegmentChannel active = files.create(1);
            return new Recovered(new ArrayList<>(List.of(new Segment(file, 1, JournalFormat.HEADER_BYTES))),
                    active, JournalFormat.HEADER_BYTES, 0);
        } catch (IOException e) {
            throw JournalErrors.io(files.journal(), "creating", file, 0, e, false);
        }
    }

    private SegmentChannel open(Path file) throws JournalException {
        try {
            return files.storage().open(file, false);
        } catch (IOException e) {
            throw JournalErrors.io(files.journal(), "opening", file, -1, e, false);
        }
    }

    private static void closeQuietly(SegmentChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // Nothing was written through it that a failed close could lose.
        }
    }
}
