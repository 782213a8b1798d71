package org.swiftft.libft.checkpoint;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.swiftft.checkpoint.CheckpointDTO;
import org.swiftft.checkpoint.CheckpointDTO.Verification;
import org.swiftft.checkpoint.CheckpointException;
import org.swiftft.checkpoint.CheckpointException.Reason;
import org.swiftft.libft.checkpoint.CheckpointFormat.Header;
import org.swiftft.libft.checkpoint.CheckpointFormat.Trailer;

/**
 * The checkpoints in a directory, read from the files alone: for {@code checkpoint:list} and
 * {@code checkpoint:verify} in another process than the one writing them. Only opens files for
 * reading and ignores temporary files, so it never disturbs a writer; a file that a writer removes
 * or replaces meanwhile is read as it was when opened, or left out.
 */
public final class CheckpointFiles {

    private CheckpointFiles() {
    }

    /**
     * The checkpoints in {@code directory}, oldest first, from their headers and trailers: cheap. A
     * file whose header or trailer is damaged is listed as {@link Verification#CORRUPT} with the
     * problem; the others are {@link Verification#UNCHECKED}.
     *
     * @return empty if the directory does not exist
     * @throws CheckpointException {@link Reason#IO} if the directory cannot be read
     */
    public static List<CheckpointDTO> list(Path directory) throws CheckpointException {
        return listing(directory).checkpoints();
    }

    /** The DTOs, and the headers of those whose header is intact. */
    private record Listing(List<CheckpointDTO> checkpoints, Map<Long, Header> headers) {
    }

    private static Listing listing(Path directory) throws CheckpointException {
        List<CheckpointDTO> list = new ArrayList<>();
        Map<Long, Header> headers = new HashMap<>();
        for (long sequence : sequences(directory)) {
            Path file = directory.resolve(CheckpointFormat.fileName(sequence));
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                list.add(summary(file, sequence, channel, headers));
            } catch (NoSuchFileException e) {
                // Removed by retention or compaction since the directory was read.
            } catch (IOException e) {
                list.add(damaged(file, sequence, -1, "cannot be read: " + e));
            }
        }
        for (CheckpointDTO dto : list) {
            dto.baseSequence = base(dto, headers);
        }
        return new Listing(list, headers);
    }

    /**
     * As {@link #list}, then reads every byte of every checkpoint and checks every CRC, and that every
     * increment's chain is there and intact.
     */
    public static List<CheckpointDTO> verify(Path directory) throws CheckpointException {
        Listing listing = listing(directory);
        List<CheckpointDTO> list = listing.checkpoints();
        Map<Long, CheckpointDTO> bySequence = new HashMap<>();
        for (CheckpointDTO dto : list) {
            if (dto.verified != Verification.CORRUPT) {
                try {
                    CheckpointReader.verify(Path.of(dto.file));
                    dto.verified = Verification.OK;
                } catch (CheckpointException e) {
                    if (e.reason() == Reason.IO && e.getCause() instanceof NoSuchFileException) {
                        continue; // removed meanwhile
                    }
                    dto.verified = Verification.CORRUPT;
                    dto.problem = e.getMessage();
                }
            }
            bySequence.put(dto.sequence, dto);
        }
        for (CheckpointDTO dto : list) {
            String broken = brokenChain(dto, bySequence, listing.headers());
            if (dto.verified == Verification.OK && broken != null) {
                dto.verified = Verification.CORRUPT;
                dto.problem = broken;
            }
        }
        return list.stream().filter(d -> bySequence.containsKey(d.sequence)).toList();
    }

    /** Sequences of the checkpoint files in a directory, ascending; temporary and other files are ignored. */
    static TreeSet<Long> sequences(Path directory) throws CheckpointException {
        TreeSet<Long> sequences = new TreeSet<>();
        if (!Files.isDirectory(directory)) {
            return sequences;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*" + CheckpointFormat.SUFFIX)) {
            for (Path file : files) {
                long sequence = CheckpointFormat.sequenceOf(file.getFileName().toString());
                if (sequence >= 0) {
                    sequences.add(sequence);
                }
            }
        } catch (IOException e) {
            throw new CheckpointException(Reason.IO, "cannot list checkpoint directory " + directory + ": " + e
                    + "; check that it exists and is readable", directory.toString(), -1, e);
        }
        return sequences;
    }

    static CheckpointDTO describe(Header h, Path file, long size, Trailer trailer) {
        return describe(h, file, size, trailer.stateBytes(), trailer.writeMillis());
    }

    static CheckpointDTO describe(Header h, Path file, long size, long stateBytes, long millis) {
        CheckpointDTO dto = new CheckpointDTO();
        dto.store = h.store();
        dto.sequence = h.sequence();
        dto.time = h.time();
        dto.journalPosition = h.journalPosition();
        dto.kind = h.full() ? CheckpointDTO.Kind.FULL : CheckpointDTO.Kind.INCREMENTAL;
        dto.baseSequence = h.baseSequence();
        dto.sizeBytes = size;
        dto.stateBytes = stateBytes;
        dto.durationMillis = millis;
        dto.file = file.toAbsolutePath().toString();
        return dto;
    }

    private static CheckpointDTO summary(Path file, long sequence, FileChannel channel, Map<Long, Header> headers)
            throws IOException {
        Header header;
        try {
            header = CheckpointReader.header(file, channel);
        } catch (CheckpointException e) {
            return damaged(file, sequence, channel.size(), e.getMessage());
        }
        Trailer trailer = CheckpointReader.trailer(channel);
        long size = channel.size();
        if (trailer == null) {
            return damaged(file, sequence, size, file + " at offset " + Math.max(0, size - CheckpointFormat.TRAILER)
                    + ": torn: no intact trailer (cut or damaged after it was written: a checkpoint is renamed into place only once whole and fsync'd)");
        }
        headers.put(sequence, header);
        return describe(header, file, size, trailer);
    }

    private static CheckpointDTO damaged(Path file, long sequence, long size, String problem) {
        CheckpointDTO dto = new CheckpointDTO();
        dto.sequence = sequence;
        dto.baseSequence = sequence;
        dto.sizeBytes = size;
        dto.file = file.toAbsolutePath().toString();
        dto.verified = Verification.CORRUPT;
        dto.problem = problem;
        return dto;
    }

    /** Follows the previous-links down to a full checkpoint: after a compaction that is newer than the header's base. */
    private static long base(CheckpointDTO dto, Map<Long, Header> headers) {
        Header h = headers.get(dto.sequence);
        while (h != null && !h.full() && h.previousSequence() < h.sequence() && headers.containsKey(h.previousSequence())) {
            h = headers.get(h.previousSequence());
        }
        return h == null ? dto.baseSequence : h.full() ? h.sequence() : h.baseSequence();
    }

    private static String brokenChain(CheckpointDTO dto, Map<Long, CheckpointDTO> bySequence, Map<Long, Header> headers) {
        CheckpointDTO at = dto;
        while (at.kind == CheckpointDTO.Kind.INCREMENTAL) {
            long previous = headers.get(at.sequence).previousSequence();
            if (previous >= at.sequence) {
                return "increment " + at.sequence + " names " + previous + " as its previous checkpoint, which cannot be";
            }
            CheckpointDTO before = bySequence.get(previous);
            if (before == null) {
                return "increment " + dto.sequence + " needs checkpoint " + previous + ", which is missing";
            }
            if (before.verified == Verification.CORRUPT) {
                return "increment " + dto.sequence + " needs checkpoint " + previous + ", which is damaged";
            }
            at = before;
        }
        return null;
    }
}
