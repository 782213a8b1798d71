package org.swiftft.libft.checkpoint;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * The layout of a checkpoint file, version 1 (docs/checkpoint-format.md is the prose of this
 * class): constants, the file names, and the encoding of the fixed parts. Big-endian throughout.
 */
final class CheckpointFormat {

    static final long MAGIC = 0x5357_4654_434B_5054L; // "SWFTCKPT"
    static final int VERSION = 1;
    /** magic, version, header length: the part every version shares, so a reader can check the CRC first. */
    static final int HEADER_PREFIX = 12;
    /** Header bytes besides the store name: fields (62) and the CRC32C (4). */
    static final int HEADER_FIXED = 66;
    static final int ENTRY_MAGIC = 0x454E_5452; // "ENTR"
    /** Entry bytes besides its name: magic, type, reserved, name length, total length, block count, CRC. */
    static final int ENTRY_FIXED = 4 + 1 + 1 + 2 + 8 + 4 + 4;
    /** index, length, CRC32C of the data, CRC32C of these 12 bytes. */
    static final int BLOCK_HEADER = 16;
    static final int TRAILER_MAGIC = 0x5452_4C52; // "TRLR"
    static final int TRAILER = 4 + 4 + 8 + 8 + 8 + 4 + 4;
    static final int MAX_NAME_BYTES = 1024;

    static final byte TYPE_REGION = 1;
    static final byte TYPE_PROVIDER = 2;

    static final String SUFFIX = ".ckpt";
    static final String TEMP_SUFFIX = ".ckpt.tmp";

    private CheckpointFormat() {
    }

    /** Zero-padded to 20 digits so that names sort as sequences do. */
    static String fileName(long sequence) {
        return String.format("%020d", sequence) + SUFFIX;
    }

    /** The sequence a checkpoint file's name says, or -1 if it is not the name of a checkpoint file. */
    static long sequenceOf(String fileName) {
        if (fileName.length() != 20 + SUFFIX.length() || !fileName.endsWith(SUFFIX)) {
            return -1;
        }
        for (int i = 0; i < 20; i++) {
            if (!Character.isDigit(fileName.charAt(i))) {
                return -1;
            }
        }
        return Long.parseLong(fileName.substring(0, 20));
    }

    static byte[] utf8(String name, String what) {
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        if (bytes.length == 0 || bytes.length > MAX_NAME_BYTES) {
            throw new IllegalArgumentException(what + " must be 1 to " + MAX_NAME_BYTES + " bytes of UTF-8: '" + name + "'");
        }
        return bytes;
    }

    static int crc32c(ByteBuffer bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes.duplicate());
        return (int) crc.getValue();
    }

    /** The CRC32C of a block header: index, length and the data's CRC32C. */
    static int blockHeaderCrc(int index, int length, int dataCrc) {
        ByteBuffer b = ByteBuffer.allocate(12).putInt(index).putInt(length).putInt(dataCrc).flip();
        return crc32c(b);
    }

    /** How many blocks of {@code blockBytes} hold {@code totalLength} bytes. */
    static int blockCount(long totalLength, int blockBytes) {
        return (int) ((totalLength + blockBytes - 1) / blockBytes);
    }

    /** The length block {@code index} of an entry must have. */
    static int blockLength(long totalLength, int blockBytes, int index) {
        return (int) Math.min(blockBytes, totalLength - (long) index * blockBytes);
    }

    /** What a checkpoint file's header says. {@code previous} is -1 for a full checkpoint. */
    record Header(int version, String store, long sequence, boolean full, long baseSequence, long previousSequence,
            long journalPosition, long time, int blockBytes) {

        ByteBuffer encode() {
            byte[] name = utf8(store, "a store name");
            ByteBuffer b = ByteBuffer.allocate(HEADER_FIXED + name.length);
            b.putLong(MAGIC).putShort((short) version).putShort((short) b.capacity());
            b.put((byte) (full ? 0 : 1)).put(new byte[3]);
            b.putLong(sequence).putLong(baseSequence).putLong(previousSequence).putLong(journalPosition).putLong(time);
            b.putInt(blockBytes).putShort((short) name.length).put(name);
            b.putInt(crc32c(b.duplicate().flip()));
            return b.flip();
        }

        /**
         * Decodes a header whose magic, length and CRC the caller has checked.
         *
         * @throws IllegalArgumentException naming the field that is out of range
         */
        static Header decode(ByteBuffer b) {
            b.position(8);
            int version = Short.toUnsignedInt(b.getShort());
            b.getShort();
            int kind = b.get();
            b.position(b.position() + 3);
            long sequence = b.getLong();
            long base = b.getLong();
            long previous = b.getLong();
            long position = b.getLong();
            long time = b.getLong();
            int blockBytes = b.getInt();
            int nameLength = Short.toUnsignedInt(b.getShort());
            if (nameLength != b.capacity() - HEADER_FIXED || nameLength == 0) {
                throw new IllegalArgumentException("store name length " + nameLength + " does not fit the header");
            }
            byte[] name = new byte[nameLength];
            b.get(name);
            if (kind != 0 && kind != 1) {
                throw new IllegalArgumentException("kind " + kind + " is neither full (0) nor incremental (1)");
            }
            if (blockBytes <= 0 || sequence < 0) {
                throw new IllegalArgumentException("block size " + blockBytes + " or sequence " + sequence + " out of range");
            }
            return new Header(version, new String(name, StandardCharsets.UTF_8), sequence, kind == 0, base, previous,
                    position, time, blockBytes);
        }
    }

    /** What a checkpoint file's trailer says. */
    record Trailer(int entryCount, long stateBytes, long writeMillis, long fileLength, int metadataCrc) {

        ByteBuffer encode() {
            ByteBuffer b = ByteBuffer.allocate(TRAILER);
            b.putInt(TRAILER_MAGIC).putInt(entryCount).putLong(stateBytes).putLong(writeMillis).putLong(fileLength)
                    .putInt(metadataCrc);
            b.putInt(crc32c(b.duplicate().flip()));
            return b.flip();
        }

        /** Decodes a trailer, or returns null if its magic or CRC is wrong. */
        static Trailer decode(ByteBuffer b) {
            if (b.remaining() != TRAILER || b.getInt(0) != TRAILER_MAGIC
                    || b.getInt(TRAILER - 4) != crc32c(b.duplicate().limit(TRAILER - 4))) {
                return null;
            }
            return new Trailer(b.getInt(4), b.getLong(8), b.getLong(16), b.getLong(24), b.getInt(32));
        }
    }
}
