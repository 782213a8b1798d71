package org.swiftft.libft.checkpoint;

import static org.swiftft.libft.checkpoint.CheckpointFormat.*;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

import org.swiftft.checkpoint.CheckpointException;
import org.swiftft.checkpoint.CheckpointException.Reason;

/**
 * Reads checkpoint files and checks them: the header alone (cheap, for listing), or every byte
 * with every CRC (before anything is restored). Read-only; a file is never modified once it has its
 * final name, so a reader never disturbs a writer. Every problem is a {@link CheckpointException}
 * naming the file and the offset.
 */
final class CheckpointReader {

    private CheckpointReader() {
    }

    /** Where one entry's blocks stored in one file are. */
    record EntryIndex(String name, byte type, long totalLength, int[] blocks, long[] offsets, int[] crcs) {
    }

    /** A file every CRC of which matched: its header, entries, trailer, size, and the channel it was read through. */
    record FileIndex(Path file, Header header, List<EntryIndex> entries, Trailer trailer, long size, FileChannel channel) {
    }

    /** Reads and checks the header of {@code file}, open as {@code channel}. */
    static Header header(Path file, FileChannel channel) throws IOException, CheckpointException {
        long size = channel.size();
        ByteBuffer prefix = readAt(channel, 0, (int) Math.min(size, HEADER_PREFIX));
        if (prefix.remaining() < HEADER_PREFIX || prefix.getLong(0) != MAGIC) {
            throw corrupt(file, 0, "not a checkpoint file: no SWFTCKPT magic at its start (" + size + " bytes)", null);
        }
        int length = Short.toUnsignedInt(prefix.getShort(10));
        if (length <= HEADER_FIXED || length > size) {
            throw corrupt(file, 10, "header length " + length + " is impossible for a file of " + size + " bytes", null);
        }
        ByteBuffer bytes = readAt(channel, 0, length);
        if (bytes.getInt(length - 4) != crc32c(bytes.duplicate().limit(length - 4))) {
            throw corrupt(file, length - 4, "the header's CRC32C does not match: the header is damaged", null);
        }
        int version = Short.toUnsignedInt(bytes.getShort(8));
        if (version != VERSION) {
            throw new CheckpointException(Reason.UNSUPPORTED_FORMAT, file + ": format version " + version
                    + " at offset 8, but this code reads only version " + VERSION
                    + "; recover with the newer SwiFT that wrote it", file.toString(), 8, null);
        }
        try {
            return Header.decode(bytes);
        } catch (IllegalArgumentException e) {
            throw corrupt(file, 0, "header: " + e.getMessage(), e);
        }
    }

    /** The trailer of a file, or null if it has none that is intact (the file is torn). */
    static Trailer trailer(FileChannel channel) throws IOException {
        long size = channel.size();
        if (size < TRAILER) {
            return null;
        }
        Trailer trailer = Trailer.decode(readAt(channel, size - TRAILER, TRAILER));
        return trailer != null && trailer.fileLength() == size ? trailer : null;
    }

    /** Reads every byte of {@code file} and checks every CRC and every bound. */
    static FileIndex verify(Path file) throws CheckpointException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return verify(file, channel);
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }

    /** As {@link #verify(Path)}, through a channel the caller keeps open to read the blocks afterwards. */
    static FileIndex verify(Path file, FileChannel channel) throws CheckpointException {
        try {
            Header header = header(file, channel);
            long size = channel.size();
            Trailer trailer = trailer(channel);
            if (trailer == null) {
                throw corrupt(file, Math.max(0, size - TRAILER), "torn: no intact trailer at the end of its "
                        + size + " bytes (torn or truncated: its writer renames a checkpoint into place only once it is whole and fsync'd, so it was cut or damaged after)", null);
            }
            return new FileScan(file, channel, header, size - TRAILER).scan(trailer, size, channel);
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }

    static CheckpointException unreadable(Path file, IOException e) {
        return new CheckpointException(Reason.IO, "cannot read checkpoint " + file + ": " + e
                + "; check the disk and the file's permissions", file.toString(), -1, e);
    }

    static ByteBuffer readAt(FileChannel channel, long offset, int length) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length);
        while (b.hasRemaining()) {
            if (channel.read(b, offset + b.position()) < 0) {
                break;
            }
        }
        return b.flip();
    }

    static CheckpointException corrupt(Path file, long offset, String what, Throwable cause) {
        return new CheckpointException(Reason.CORRUPT, file + " at offset " + offset + ": " + what,
                file.toString(), offset, cause);
    }

    /** One pass over the entries of a file, between its header and its trailer. */
    private static final class FileScan {
        private final Path file;
        private final Header header;
        private final long trailerAt;
        private final ChannelInput in;
        private final CRC32C metadata = new CRC32C();

        FileScan(Path file, FileChannel channel, Header header, long trailerAt) throws IOException {
            this.file = file;
            this.header = header;
            this.trailerAt = trailerAt;
            this.in = new ChannelInput(channel, 0);
            metadata.update(in.take(header.encode().remaining()));
        }

        FileIndex scan(Trailer trailer, long size, FileChannel channel) throws IOException, CheckpointException {
            List<EntryIndex> entries = new ArrayList<>();
            long stateBytes = 0;
            try {
                while (in.position() < trailerAt) {
                    EntryIndex entry = entry();
                    entries.add(entry);
                    stateBytes += entry.totalLength();
                }
            } catch (EOFException e) {
                throw corrupt(file, in.position(), "the entries run past the trailer", e);
            }
            if (in.position() != trailerAt) {
                throw corrupt(file, trailerAt, "the last entry overlaps the trailer", null);
            }
            if (trailer.entryCount() != entries.size() || trailer.stateBytes() != stateBytes
                    || trailer.metadataCrc() != (int) metadata.getValue()) {
                throw corrupt(file, trailerAt, "the trailer does not match the entries (" + entries.size()
                        + " entries, " + stateBytes + " state bytes read; trailer says " + trailer.entryCount()
                        + " and " + trailer.stateBytes() + ", or its metadata CRC32C differs)", null);
            }
            return new FileIndex(file, header, List.copyOf(entries), trailer, size, channel);
        }

        private EntryIndex entry() throws IOException, CheckpointException {
            long at = in.position();
            // A copy: the next take may move the window under a slice.
            ByteBuffer head = ByteBuffer.allocate(8).put(in.take(8)).flip();
            int nameLength = Short.toUnsignedInt(head.getShort(6));
            if (head.getInt(0) != ENTRY_MAGIC || nameLength == 0 || nameLength > MAX_NAME_BYTES) {
                throw corrupt(file, at, "no entry where one should start (magic or name length wrong)", null);
            }
            metadata.update(head.duplicate());
            ByteBuffer rest = in.take(nameLength + 16);
            CRC32C crc = new CRC32C();
            crc.update(head.rewind());
            crc.update(rest.duplicate().limit(nameLength + 12));
            if (rest.getInt(nameLength + 12) != (int) crc.getValue()) {
                throw corrupt(file, at, "the entry's CRC32C does not match: its header is damaged", null);
            }
            metadata.update(rest.duplicate());
            byte[] name = new byte[nameLength];
            rest.get(name);
            byte type = head.get(4);
            long total = rest.getLong();
            int count = rest.getInt();
            String entryName = new String(name, StandardCharsets.UTF_8);
            if ((type != TYPE_REGION && type != TYPE_PROVIDER) || total < 0 || total > Integer.MAX_VALUE
                    || count < 0 || count > blockCount(total, header.blockBytes())) {
                throw corrupt(file, at, "entry '" + entryName + "' has type " + type + ", length " + total
                        + " and " + count + " blocks, which cannot be", null);
            }
            return blocks(at, entryName, type, total, count);
        }

        private EntryIndex blocks(long entryAt, String name, byte type, long total, int count)
                throws IOException, CheckpointException {
            int[] indexes = new int[count];
            long[] offsets = new long[count];
            int[] crcs = new int[count];
            int blocksInEntry = blockCount(total, header.blockBytes());
            for (int k = 0; k < count; k++) {
                long at = in.position();
                ByteBuffer b = in.take(BLOCK_HEADER);
                int index = b.getInt(0);
                int length = b.getInt(4);
                int dataCrc = b.getInt(8);
                if (b.getInt(12) != blockHeaderCrc(index, length, dataCrc)) {
                    throw corrupt(file, at, "the header of a block of '" + name + "' fails its CRC32C", null);
                }
                metadata.update(b.rewind());
                if (index < 0 || index >= blocksInEntry || (k > 0 && index <= indexes[k - 1])
                        || length != blockLength(total, header.blockBytes(), index) || at + BLOCK_HEADER + length > trailerAt) {
                    throw corrupt(file, at, "block " + index + " of '" + name + "' (" + length
                            + " bytes) is out of order or out of bounds", null);
                }
                if (in.crcOfNext(length) != dataCrc) {
                    throw corrupt(file, at + BLOCK_HEADER, "block " + index + " of '" + name
                            + "' fails its CRC32C: its data is damaged", null);
                }
                indexes[k] = index;
                offsets[k] = at + BLOCK_HEADER;
                crcs[k] = dataCrc;
            }
            return new EntryIndex(name, type, total, indexes, offsets, crcs);
        }
    }
}
