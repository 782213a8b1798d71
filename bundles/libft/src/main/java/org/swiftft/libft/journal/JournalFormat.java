package org.swiftft.libft.journal;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;

/**
 * The on-disk format, version 1 (docs/journal-format.md is the reference). All integers are
 * big-endian. A segment file is a 32-byte header followed by records:
 *
 * <pre>
 * header: magic "SWJL" (4) | version u16 | header length u16 | first sequence i64
 *         | created ms i64 | reserved u32 = 0 | CRC32C of bytes 0..27 (4)
 * record: payload length u32 | CRC32C (4) | sequence i64 | time ms i64 | payload
 *         the CRC covers the length, sequence, time and payload, i.e. every byte but itself
 * </pre>
 */
final class JournalFormat {

    static final int MAGIC = 0x53574A4C; // "SWJL"
    static final int VERSION = 1;
    static final int HEADER_BYTES = 32;
    /** The header length field lets a later version grow the header; this bounds what a reader believes. */
    static final int MAX_HEADER_BYTES = 4096;
    static final int HEADER_CRC_OFFSET = 28;
    static final int FRAME_BYTES = 24;
    static final String SUFFIX = ".jnl";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    private JournalFormat() {
    }

    /** Journal names become file names: letters, digits, dot, dash, underscore. */
    static String checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("journal name '" + name
                    + "' must be 1 to 100 letters, digits, '.', '-' or '_', starting with a letter or digit");
        }
        return name;
    }

    /** Zero-padded to 20 digits so that file names sort as sequences do. */
    static String segmentFileName(String journal, long firstSequence) {
        return journal + "-" + String.format("%020d", firstSequence) + SUFFIX;
    }

    /** The first sequence a segment file name of this journal carries, or empty if it is not one. */
    static OptionalLong segmentSequence(String journal, Path file) {
        String fileName = file.getFileName().toString();
        Matcher m = Pattern.compile(Pattern.quote(journal) + "-(\\d{20})" + Pattern.quote(SUFFIX)).matcher(fileName);
        if (!m.matches()) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(m.group(1)));
        } catch (NumberFormatException tooLarge) {
            return OptionalLong.empty();
        }
    }

    static ByteBuffer header(long firstSequence, long createdMillis) {
        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
        header.putInt(MAGIC).putShort((short) VERSION).putShort((short) HEADER_BYTES)
                .putLong(firstSequence).putLong(createdMillis).putInt(0);
        header.putInt(crc(header.array(), 0, HEADER_CRC_OFFSET));
        return header.flip();
    }

    static int crc(byte[] bytes, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, offset, length);
        return (int) crc.getValue();
    }

    /**
     * The CRC of one record: its 24-byte frame in {@code frame} from {@code frameStart} (the CRC
     * field itself skipped) and then its payload.
     */
    static int recordCrc(CRC32C crc, ByteBuffer frame, int frameStart, ByteBuffer payload) {
        crc.reset();
        crc.update(frame.slice(frameStart, 4));
        crc.update(frame.slice(frameStart + 8, 16));
        crc.update(payload.duplicate());
        return (int) crc.getValue();
    }
}
