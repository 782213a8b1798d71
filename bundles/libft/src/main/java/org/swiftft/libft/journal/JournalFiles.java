package org.swiftft.libft.journal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Properties;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.swiftft.journal.Durability;
import org.swiftft.journal.JournalDTO;
import org.swiftft.journal.JournalOptions;

/**
 * Journals as their files show them, for a catalog in another process than the writer's: reads
 * only, takes no lock, so it never disturbs an application appending. What is not in the segment
 * files (the durability level, the size cap) comes from {@code NAME.settings}, which the writer
 * leaves beside them when it opens the journal.
 */
public final class JournalFiles {

    private static final Pattern SEGMENT = Pattern.compile("(.+)-\\d{20}" + Pattern.quote(JournalFormat.SUFFIX));
    private static final String SETTINGS_SUFFIX = ".settings";

    private JournalFiles() {
    }

    /** Names of the journals with segment files in {@code directory}, sorted; empty if it does not exist. */
    public static List<String> names(Path directory) throws IOException {
        TreeSet<String> names = new TreeSet<>();
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path entry : entries) {
                Matcher m = SEGMENT.matcher(entry.getFileName().toString());
                if (m.matches()) {
                    names.add(m.group(1));
                }
            }
        }
        return List.copyOf(names);
    }

    /**
     * One journal from its files: segments, size, first and last sequence (the last segment's
     * records read up to the first that fails its check, which is then named in
     * {@link JournalDTO#failure}). {@link JournalDTO#lastDurableSequence} is -1: files do not say
     * what was fsync'd.
     */
    public static JournalDTO inspect(Path directory, String name) throws IOException {
        List<Segment> segments = new SegmentFiles(FileSegmentStorage.INSTANCE, directory, name).list();
        JournalDTO dto = new JournalDTO();
        dto.name = name;
        dto.directory = directory.toAbsolutePath().toString();
        dto.segments = segments.size();
        dto.sizeBytes = segments.stream().mapToLong(Segment::bytes).sum();
        dto.lastDurableSequence = -1;
        dto.firstSequence = segments.isEmpty() ? 1 : segments.get(0).firstSequence();
        dto.lastSequence = dto.firstSequence - 1;
        if (!segments.isEmpty()) {
            readLastSegment(segments.get(segments.size() - 1), dto);
        }
        Properties settings = settings(directory, name);
        String durability = settings.getProperty("durability");
        dto.durability = durability == null ? null : Durability.valueOf(durability);
        dto.sizeCapBytes = Long.parseLong(settings.getProperty("size.cap.bytes", "0"));
        return dto;
    }

    private static void readLastSegment(Segment last, JournalDTO dto) throws IOException {
        try (SegmentStorage.SegmentChannel channel = FileSegmentStorage.openReadOnly(last.file())) {
            SegmentReader reader = new SegmentReader(channel, channel.size());
            dto.lastSequence = last.firstSequence() - 1;
            if (reader.readHeader() != SegmentReader.Status.OK) {
                dto.failure = last.file() + ": its header cannot be read (" + reader.problem() + ")";
                return;
            }
            SegmentReader.Status status;
            while ((status = reader.next()) == SegmentReader.Status.RECORD) {
                dto.lastSequence = reader.sequence();
            }
            if (status == SegmentReader.Status.BAD) {
                dto.failure = last.file() + " at offset " + reader.problemOffset() + ": " + reader.problem()
                        + " (a torn tail is cut when the journal is next opened)";
            }
        }
    }

    /** Left by the writer at open: what the files alone cannot say. Best effort: it is information, not state. */
    static void writeSettings(Path directory, String name, JournalOptions options) {
        Properties settings = new Properties();
        settings.setProperty("durability", options.durability().name());
        settings.setProperty("size.cap.bytes", Long.toString(options.sizeCapBytes()));
        settings.setProperty("segment.bytes", Long.toString(options.segmentBytes()));
        Path file = directory.resolve(name + SETTINGS_SUFFIX);
        Path temporary = directory.resolve(name + SETTINGS_SUFFIX + ".tmp");
        try (OutputStream out = Files.newOutputStream(temporary)) {
            settings.store(out, "written by the journal at open; read by catalogs");
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // a catalog then shows no durability level: nothing else depends on this file
        }
    }

    private static Properties settings(Path directory, String name) {
        Properties settings = new Properties();
        try (InputStream in = Files.newInputStream(directory.resolve(name + SETTINGS_SUFFIX))) {
            settings.load(in);
        } catch (IOException | IllegalArgumentException e) {
            // none, or unreadable: the fields stay unknown
        }
        return settings;
    }
}
