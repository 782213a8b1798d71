package org.swiftft.libft.checkpoint;

import static org.swiftft.libft.checkpoint.CheckpointFormat.blockCount;
import static org.swiftft.libft.checkpoint.CheckpointFormat.blockLength;
import static org.swiftft.libft.checkpoint.CheckpointFormat.fileName;
import static org.swiftft.libft.checkpoint.CheckpointReader.corrupt;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.swiftft.checkpoint.CheckpointDTO;
import org.swiftft.checkpoint.CheckpointException;
import org.swiftft.checkpoint.CheckpointException.Reason;
import org.swiftft.libft.checkpoint.CheckpointFormat.Header;
import org.swiftft.libft.checkpoint.CheckpointReader.EntryIndex;
import org.swiftft.libft.checkpoint.CheckpointReader.FileIndex;

/**
 * A checkpoint and the checkpoints it is an increment of, down to a full one, every byte of each
 * verified: what recovery restores and compaction merges. For each region and provider of the
 * newest, each block is taken from the newest file of the chain that holds it.
 */
final class CheckpointChain {

    /** Where a verified block is, with the CRC32C it had, so a second read is checked too. */
    record BlockRef(FileChannel channel, Path file, long offset, int length, int crc) {
    }

    /** One region or provider as the chain's newest checkpoint has it. */
    record EntryImage(String name, byte type, long totalLength, BlockRef[] blocks) {
    }

    private final List<FileIndex> files;
    private final Map<String, EntryImage> entries;

    private CheckpointChain(List<FileIndex> files, Map<String, EntryImage> entries) {
        this.files = files;
        this.entries = entries;
    }

    FileIndex tip() {
        return files.get(0);
    }

    Header header() {
        return tip().header();
    }

    Map<String, EntryImage> entries() {
        return entries;
    }

    /**
     * Verifies checkpoint {@code sequence} of store {@code store} and its chain.
     *
     * @throws CheckpointException {@link Reason#CORRUPT} naming the damaged file and offset (also when a
     *                             file the chain needs is missing), {@link Reason#UNSUPPORTED_FORMAT},
     *                             or {@link Reason#IO}
     */
    static CheckpointChain resolve(VerifiedFiles verified, long sequence, String store) throws CheckpointException {
        List<FileIndex> files = new ArrayList<>();
        FileIndex file = verified.get(sequence);
        check(file, sequence, store, file.header().blockBytes());
        files.add(file);
        while (!file.header().full()) {
            Header h = file.header();
            long previous = h.previousSequence();
            if (previous < 0 || previous >= h.sequence()) {
                throw corrupt(file.file(), 32, "increment " + h.sequence() + " names " + previous + " as its previous checkpoint", null);
            }
            FileIndex before;
            try {
                before = verified.get(previous);
            } catch (CheckpointException e) {
                if (e.reason() == Reason.IO && e.getCause() instanceof NoSuchFileException) {
                    throw corrupt(file.file(), 32, "increment " + h.sequence() + " needs checkpoint " + previous
                            + ", which is missing (" + verified.path(previous) + ")", e);
                }
                throw new CheckpointException(e.reason(), "checkpoint " + sequence + " needs checkpoint " + previous
                        + ", which cannot be used: " + e.getMessage(), e.file(), e.offset(), e);
            }
            check(before, previous, store, h.blockBytes());
            files.add(before);
            file = before;
        }
        return new CheckpointChain(List.copyOf(files), image(files));
    }

    /** Reads a block into {@code dst} (which must have exactly its length remaining) and checks its CRC32C again. */
    static void read(BlockRef ref, ByteBuffer dst) throws CheckpointException {
        ByteBuffer view = dst.duplicate();
        try {
            while (view.hasRemaining()) {
                if (ref.channel().read(view, ref.offset() + view.position() - dst.position()) < 0) {
                    throw corrupt(ref.file(), ref.offset(), "the file ended while reading a verified block", null);
                }
            }
        } catch (IOException e) {
            throw CheckpointReader.unreadable(ref.file(), e);
        }
        if (BlockHashes.crc32c(dst) != ref.crc()) {
            throw corrupt(ref.file(), ref.offset(), "a block that verified reads back differently: the disk or the"
                    + " file changed under the reader", null);
        }
    }

    /** The chain's newest checkpoint as {@code checkpoint:list} shows it, verified. */
    CheckpointDTO describe() {
        CheckpointDTO dto = CheckpointFiles.describe(tip().header(), tip().file(), tip().size(), tip().trailer());
        dto.baseSequence = files.get(files.size() - 1).header().sequence();
        dto.verified = CheckpointDTO.Verification.OK;
        return dto;
    }

    private static void check(FileIndex file, long sequence, String store, int blockBytes) throws CheckpointException {
        Header h = file.header();
        if (h.sequence() != sequence) {
            throw corrupt(file.file(), 16, "the file is named for checkpoint " + sequence + " but holds " + h.sequence(), null);
        }
        if (!h.store().equals(store)) {
            throw corrupt(file.file(), 62, "the file belongs to store '" + h.store() + "', not '" + store + "'", null);
        }
        if (h.blockBytes() != blockBytes) {
            throw corrupt(file.file(), 56, "block size " + h.blockBytes() + " differs from its chain's " + blockBytes, null);
        }
    }

    private static Map<String, EntryImage> image(List<FileIndex> files) throws CheckpointException {
        FileIndex tip = files.get(0);
        int blockBytes = tip.header().blockBytes();
        Map<String, EntryImage> images = new LinkedHashMap<>();
        for (EntryIndex e : tip.entries()) {
            images.put(e.name(), new EntryImage(e.name(), e.type(), e.totalLength(),
                    new BlockRef[blockCount(e.totalLength(), blockBytes)]));
        }
        for (FileIndex file : files) {
            for (EntryIndex e : file.entries()) {
                EntryImage image = images.get(e.name());
                if (image != null && image.type() == e.type()) {
                    fill(image, e, file, blockBytes);
                }
            }
        }
        for (EntryImage image : images.values()) {
            for (int i = 0; i < image.blocks().length; i++) {
                if (image.blocks()[i] == null) {
                    throw corrupt(tip.file(), 0, "block " + i + " of '" + image.name() + "' is in no checkpoint of its"
                            + " chain (" + files.get(files.size() - 1).header().sequence() + " to "
                            + tip.header().sequence() + ")", null);
                }
            }
        }
        return images;
    }

    private static void fill(EntryImage image, EntryIndex e, FileIndex file, int blockBytes) {
        for (int k = 0; k < e.blocks().length; k++) {
            int index = e.blocks()[k];
            // A block of an older, differently sized version of the entry does not fit: leave it.
            if (index < image.blocks().length && image.blocks()[index] == null
                    && blockLength(e.totalLength(), blockBytes, index) == blockLength(image.totalLength(), blockBytes, index)) {
                image.blocks()[index] = new BlockRef(file.channel(), file.file(), e.offsets()[k],
                        blockLength(image.totalLength(), blockBytes, index), e.crcs()[k]);
            }
        }
    }

    /** Every checkpoint file of a directory read so far, each verified once and kept open. */
    static final class VerifiedFiles implements AutoCloseable {
        private final Path directory;
        private final Map<Long, Object> results = new HashMap<>();
        private final List<FileChannel> channels = new ArrayList<>();

        VerifiedFiles(Path directory) {
            this.directory = directory;
        }

        Path path(long sequence) {
            return directory.resolve(fileName(sequence));
        }

        FileIndex get(long sequence) throws CheckpointException {
            Object result = results.computeIfAbsent(sequence, this::verify);
            if (result instanceof CheckpointException e) {
                throw e;
            }
            return (FileIndex) result;
        }

        private Object verify(long sequence) {
            Path file = path(sequence);
            FileChannel channel;
            try {
                channel = FileChannel.open(file, StandardOpenOption.READ);
            } catch (IOException e) {
                return CheckpointReader.unreadable(file, e);
            }
            channels.add(channel);
            try {
                return CheckpointReader.verify(file, channel);
            } catch (CheckpointException e) {
                return e;
            }
        }

        @Override
        public void close() {
            for (FileChannel c : channels) {
                try {
                    c.close();
                } catch (IOException e) {
                    // Read-only: nothing is lost.
                }
            }
        }
    }
}
