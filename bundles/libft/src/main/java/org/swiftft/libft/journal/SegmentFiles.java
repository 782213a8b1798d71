package org.swiftft.libft.journal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;

import org.swiftft.libft.journal.SegmentStorage.SegmentChannel;

/** The segment files of one journal in its directory: finding them and starting a new one. */
final class SegmentFiles {

    private final SegmentStorage storage;
    private final Path directory;
    private final String journal;

    SegmentFiles(SegmentStorage storage, Path directory, String journal) {
        this.storage = storage;
        this.directory = directory;
        this.journal = journal;
    }

    SegmentStorage storage() {
        return storage;
    }

    Path directory() {
        return directory;
    }

    String journal() {
        return journal;
    }

    /** This journal's segment files, oldest first; other files in the directory are left alone. */
    List<Segment> list() throws IOException {
        List<Segment> found = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path entry : entries) {
                OptionalLong first = JournalFormat.segmentSequence(journal, entry);
                if (first.isPresent() && Files.isRegularFile(entry)) {
                    found.add(new Segment(entry, first.getAsLong(), Files.size(entry)));
                }
            }
        }
        found.sort(Comparator.comparingLong(Segment::firstSequence));
        return found;
    }

    /**
     * Starts a segment: header written and fsync'd, then the directory fsync'd, so that no record is
     * acknowledged in a file whose name a crash could still take away.
     */
    SegmentChannel create(long firstSequence) throws IOException {
        Path file = path(firstSequence);
        SegmentChannel channel = storage.open(file, true);
        try {
            channel.write(JournalFormat.header(firstSequence, System.currentTimeMillis()), 0);
            channel.force(true);
            storage.syncDirectory(directory);
            return channel;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Rewrites the header of an empty segment whose header a crash tore. */
    void rewriteHeader(SegmentChannel channel, long firstSequence) throws IOException {
        channel.truncate(0);
        channel.write(JournalFormat.header(firstSequence, System.currentTimeMillis()), 0);
        channel.force(true);
    }

    Path path(long firstSequence) {
        return directory.resolve(JournalFormat.segmentFileName(journal, firstSequence));
    }
}
