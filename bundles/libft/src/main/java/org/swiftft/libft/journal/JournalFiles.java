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
     * One journal from its files: segments, size, first and last sequence. Every record is read and
     * checked, as opening the journal would, so {@link JournalDTO#failure} names what would stop an
     * open (a damaged header or record, missing records) or what an open would cut (a torn tail),
     * with file and offset. {@link JournalDTO#lastDurableSequence} is -1: files do not say what was
     * fsync'd.
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
        for (int i = 0; i < segments.size() && dto.failure == null; i++) {
            scan(segments.get(i), i == segments.size() - 1, dto);
        }
        Properties settings = settings(directory, name);
        String durability = settings.getProperty("durability");
        dto.durability = durability == null ? null : Durability.valueOf(durability);
        dto.sizeCapBytes = Long.parseLong(settings.getProperty("size.cap.bytes", "0"));
        return dto;
    }

    /** Reads one segment on from {@code dto.lastSequence}; sets {@code dto.failure} at the first problem. */
    private static void scan(Segment segment, boolean last, JournalDTO dto) throws IOException {
        Path file = segment.file();
        if (segment.firstSequence() != dto.lastSequence + 1) {
            dto.failure = "records " + (dto.lastSequence + 1) + " to " + (segment.firstSequence() - 1) + " are missing before "
                    + file + " (a segment was removed?): the journal will not open";
            return;
        }
        try (SegmentStorage.SegmentChannel channel = FileSegmentStorage.openReadOnly(file)) {
            SegmentReader reader = new SegmentReader(channel, channel.size());
            SegmentReader.Status header = reader.readHeader();
            if (header != SegmentReader.Status.OK) {
                dto.failure = file + ": " + (header == SegmentReader.Status.UNSUPPORTED ? "a newer format" : "its header is damaged")
                        + " (" + reader.problem() + ")" + (last && header == SegmentReader.Status.SHORT
                                ? ": a torn new segment, rewritten when the journal is next opened" : ": the journal will not open");
                return;
            }
            SegmentReader.Status status;
            while ((status = reader.next()) == SegmentReader.Status.RECORD) {
                dto.lastSequence = reader.sequence();
            }
            if (status == SegmentReader.Status.BAD) {
                long bad = reader.problemOffset();
                boolean torn = last && reader.findSoundRecordAfter(bad, dto.lastSequence) < 0;
                dto.failure = file + " at offset " + bad + ": " + reader.problem() + (torn
                        ? " (a torn tail: cut when the journal is next opened)"
                        : " with sound records after it: damage, not a tear; the journal will not open (CORRUPT)");
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
