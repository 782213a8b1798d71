package org.swiftft.libft.checkpoint;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.swiftft.checkpoint.CheckpointException;
import org.swiftft.libft.checkpoint.CheckpointFormat.Header;

/**
 * Which checkpoint files a store keeps: the newest {@code retain} and every file their chains of
 * increments need. Damaged files age out like the others.
 *
 * @param keep                  sequences kept
 * @param delete                sequences that may go
 * @param keptBytes             bytes of the files kept
 * @param oldestJournalPosition the smallest journal position a kept checkpoint covers: the journal
 *                              may be truncated up to it; -1 if a kept checkpoint covers no journal
 */
record Retention(Set<Long> keep, List<Long> delete, long keptBytes, long oldestJournalPosition) {

    /**
     * What to keep once the newest checkpoint is durable.
     *
     * @param headers headers read so far, by sequence, added to as files are read: the store keeps
     *                them, so that a checkpoint does not reopen every file of its chain
     */
    static Retention after(Path directory, int retain, Map<Long, Header> headers) throws CheckpointException {
        return plan(directory, retain, false, -1, headers);
    }

    /**
     * What will be kept once a checkpoint about to be written is durable: it takes one of the
     * {@code retain} places, and if it is an increment, its chain from {@code previous} is kept too.
     */
    static Retention before(Path directory, int retain, long previous, Map<Long, Header> headers)
            throws CheckpointException {
        return plan(directory, retain, true, previous, headers);
    }

    private static Retention plan(Path directory, int retain, boolean planning, long previous, Map<Long, Header> headers)
            throws CheckpointException {
        TreeSet<Long> present = CheckpointFiles.sequences(directory);
        TreeSet<Long> keep = new TreeSet<>();
        int places = planning ? retain - 1 : retain;
        for (long sequence : present.descendingSet()) {
            if (places-- <= 0) {
                break;
            }
            keepChain(directory, sequence, present, headers, keep);
        }
        if (planning && previous >= 0 && present.contains(previous)) {
            keepChain(directory, previous, present, headers, keep);
        }
        List<Long> delete = new ArrayList<>(present);
        delete.removeAll(keep);
        long bytes = 0;
        long oldest = Long.MAX_VALUE;
        for (long sequence : keep) {
            bytes += size(directory.resolve(CheckpointFormat.fileName(sequence)));
            Header h = header(directory, sequence, headers);
            oldest = h == null ? oldest : Math.min(oldest, h.journalPosition());
        }
        return new Retention(keep, delete, bytes, oldest == Long.MAX_VALUE ? -1 : oldest);
    }

    /**
     * Deletes what may go: renamed at once to a temporary name that every reader ignores (and the
     * next open removes), unlinked by {@code unlinker} later — freeing a large file's blocks takes
     * tens of milliseconds that the checkpoint's caller need not wait for. The directory is not
     * forced: a deletion that a power loss undoes brings back an old checkpoint, which recovery never
     * prefers to a newer good one and the next retention removes again — an fsync per checkpoint saved.
     *
     * @throws IOException if a file cannot be renamed; the checkpoints are unaffected, a later run retries
     */
    void apply(CheckpointFileSystem fs, Path directory, java.util.concurrent.Executor unlinker) throws IOException {
        for (long sequence : delete) {
            Path doomed = directory.resolve(CheckpointFormat.fileName(sequence) + ".tmp");
            fs.move(directory.resolve(CheckpointFormat.fileName(sequence)), doomed);
            try {
                unlinker.execute(() -> {
                    try {
                        fs.delete(doomed);
                    } catch (IOException e) {
                        // left for the next open, which removes temporary files
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException closing) {
                fs.delete(doomed); // the store is closing: now, then
            }
        }
    }

    private static void keepChain(Path directory, long sequence, Set<Long> present, Map<Long, Header> headers,
            Set<Long> keep) {
        long at = sequence;
        keep.add(at);
        Header h = header(directory, at, headers);
        while (h != null && !h.full() && h.previousSequence() < at && present.contains(h.previousSequence())) {
            at = h.previousSequence();
            keep.add(at);
            h = header(directory, at, headers);
        }
    }

    /** The header, or null if it cannot be read: such a file links to nothing. */
    private static Header header(Path directory, long sequence, Map<Long, Header> headers) {
        return headers.computeIfAbsent(sequence, s -> {
            Path file = directory.resolve(CheckpointFormat.fileName(s));
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                return CheckpointReader.header(file, channel);
            } catch (IOException | CheckpointException e) {
                return null;
            }
        });
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0; // gone meanwhile
        }
    }
}
