package org.swiftft.libft.journal;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.function.Consumer;

import org.swiftft.journal.JournalException;
import org.swiftft.journal.JournalException.Reason;
import org.swiftft.journal.JournalRecord;
import org.swiftft.libft.journal.SegmentReader.Status;
import org.swiftft.libft.journal.SegmentStorage.SegmentChannel;

/**
 * One replay: reads the segments from the one holding {@code from} to the last acknowledged
 * record, checking every CRC again (the files may have rotted since the journal was opened), on
 * the caller's thread and without holding any lock, so the writer goes on meanwhile.
 */
final class JournalReplay {

    /** Where a replay stopped: the next record, {@code sequence}, begins at {@code offset} of {@code file}. */
    record Resume(java.nio.file.Path file, long sequence, long offset) {
    }

    private final SegmentFiles files;
    private final List<Segment> segments;
    private final long upTo;
    private final Resume from;
    private Resume end;

    /**
     * @param segments the segments when the replay began
     * @param upTo     the last record acknowledged when the replay began
     */
    JournalReplay(SegmentFiles files, List<Segment> segments, long upTo) {
        this(files, segments, upTo, null);
    }

    /** @param resume where an earlier replay of the same journal stopped, or {@code null} */
    JournalReplay(SegmentFiles files, List<Segment> segments, long upTo, Resume resume) {
        this.files = files;
        this.segments = segments;
        this.upTo = upTo;
        this.from = resume;
    }

    /** Where this replay stopped, for the next one; {@code null} if it read nothing. */
    Resume end() {
        return end;
    }

    long replay(long from, Consumer<JournalRecord> consumer) throws JournalException {
        long first = segments.get(0).firstSequence();
        if (from < first) {
            throw new JournalException(Reason.TRUNCATED, "journal " + files.journal() + ": records from " + from
                    + " on are no longer held; the oldest held is " + first + " (truncated up to " + (first - 1) + ")");
        }
        if (from > upTo) {
            return from - 1;
        }
        int start = 0;
        while (start + 1 < segments.size() && segments.get(start + 1).firstSequence() <= from) {
            start++;
        }
        long next = segments.get(start).firstSequence();
        for (int i = start; i < segments.size() && next <= upTo; i++) {
            next = replaySegment(segments.get(i), next, from, consumer);
        }
        if (next <= upTo) {
            Segment last = segments.get(segments.size() - 1);
            throw JournalErrors.corrupt(last.file(), -1, "record " + next + " was acknowledged but is not in it");
        }
        return upTo;
    }

    /** @return the sequence expected next */
    private long replaySegment(Segment segment, long expected, long from, Consumer<JournalRecord> consumer)
            throws JournalException {
        SegmentChannel channel = open(segment);
        try {
            SegmentReader reader = new SegmentReader(channel, channel.size());
            Status header = reader.readHeader();
            if (header == Status.UNSUPPORTED) {
                throw JournalErrors.unsupported(segment.file(), reader.problemOffset(), reader.problem());
            }
            if (header != Status.OK || reader.firstSequence() != expected) {
                throw JournalErrors.corrupt(segment.file(), Math.max(0, reader.problemOffset()),
                        header != Status.OK ? reader.problem() : "its header says first sequence "
                                + reader.firstSequence() + " where " + expected + " was expected");
            }
            long sequence = expected;
            if (this.from != null && this.from.file().equals(segment.file()) && this.from.sequence() > expected
                    && this.from.sequence() <= from) {
                reader.resumeAt(this.from.offset()); // the records before it were read and checked by the last replay
                sequence = this.from.sequence();
            }
            while (sequence <= upTo) {
                Status status = reader.next();
                if (status == Status.END) {
                    break;
                }
                if (status != Status.RECORD || reader.sequence() != sequence) {
                    throw JournalErrors.corrupt(segment.file(), reader.recordOffset(), status != Status.RECORD
                            ? reader.problem() : "record " + reader.sequence() + " where " + sequence + " was expected");
                }
                if (sequence >= from) {
                    consumer.accept(new JournalRecord(sequence, reader.time(), reader.payload()));
                }
                sequence++;
            }
            end = new Resume(segment.file(), sequence, reader.position());
            return sequence;
        } catch (IOException e) {
            throw JournalErrors.io(files.journal(), "reading", segment.file(), -1, e, false);
        } finally {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Read only; nothing to lose.
            }
        }
    }

    private SegmentChannel open(Segment segment) throws JournalException {
        try {
            return files.storage().open(segment.file(), false);
        } catch (NoSuchFileException e) {
            throw new JournalException(Reason.TRUNCATED, "journal " + files.journal() + ": " + segment.file()
                    + " was removed by a truncate during the replay; replay from a later sequence",
                    segment.file().toString(), -1, e);
        } catch (IOException e) {
            throw JournalErrors.io(files.journal(), "opening", segment.file(), -1, e, false);
        }
    }
}
