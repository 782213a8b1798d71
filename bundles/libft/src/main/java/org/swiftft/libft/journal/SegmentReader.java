package org.swiftft.libft.journal;

import static org.swiftft.libft.journal.JournalFormat.FRAME_BYTES;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.zip.CRC32C;

import org.swiftft.libft.journal.SegmentStorage.SegmentChannel;

/**
 * Reads one segment file front to back and checks every byte it hands out: the header, then
 * record after record, each against its CRC32C. It never decides what a bad byte means — torn
 * tail or damage — that depends on where the segment sits, which {@link SegmentRecovery} and
 * {@link JournalReplay} know. After a {@link Status#BAD} result, {@link #problem()} and
 * {@link #problemOffset()} say what and where.
 */
final class SegmentReader {

    enum Status { OK, RECORD, END, SHORT, BAD, UNSUPPORTED }

    private final SegmentChannel channel;
    private final long limit;
    private final CRC32C crc = new CRC32C();
    /** Read mode; its position holds the byte at file offset {@link #position}. */
    private ByteBuffer buffer = ByteBuffer.allocate(256 * 1024).flip();

    private long position;
    private long firstSequence;
    private int version;
    private long recordOffset;
    private long sequence;
    private long time;
    private ByteBuffer payload;
    private String problem;
    private long problemOffset = -1;

    /** Reads {@code channel} up to {@code limit}, the file's length when the caller looked. */
    SegmentReader(SegmentChannel channel, long limit) {
        this.channel = channel;
        this.limit = limit;
    }

    /** OK, SHORT (fewer bytes than a header: torn), BAD, or UNSUPPORTED (a sound header of another version). */
    Status readHeader() throws IOException {
        int present = (int) Math.min(limit, 8);
        fill(present);
        if (!startsWithMagic(present)) {
            return bad(Status.BAD, 0, "it does not start with the journal magic \"SWJL\": not a journal"
                    + " segment, or its first bytes are damaged");
        }
        if (present < 8) {
            return bad(Status.SHORT, limit, "the file ends inside its header (" + limit + " bytes)");
        }
        version = Short.toUnsignedInt(buffer.getShort(buffer.position() + 4));
        int headerBytes = Short.toUnsignedInt(buffer.getShort(buffer.position() + 6));
        if (headerBytes < 12 || headerBytes > JournalFormat.MAX_HEADER_BYTES) {
            return bad(Status.BAD, 6, "the header length field says " + headerBytes + " bytes, which no version uses");
        }
        if (!fill(headerBytes)) {
            return bad(Status.SHORT, limit, "the file ends inside its header (" + limit + " of " + headerBytes + " bytes)");
        }
        byte[] header = new byte[headerBytes];
        buffer.get(buffer.position(), header);
        int stored = ByteBuffer.wrap(header).getInt(headerBytes - 4);
        if (stored != JournalFormat.crc(header, 0, headerBytes - 4)) {
            return bad(Status.BAD, 0, "its header (bytes 0-" + (headerBytes - 1) + ") fails its CRC32C");
        }
        if (version != JournalFormat.VERSION) {
            return bad(Status.UNSUPPORTED, 4, "it has format version " + version + "; this libft reads version "
                    + JournalFormat.VERSION + " only: open it with the newer SwiFT that wrote it");
        }
        if (headerBytes != JournalFormat.HEADER_BYTES) {
            return bad(Status.BAD, 6, "a version 1 header is 32 bytes long, this one says " + headerBytes);
        }
        firstSequence = ByteBuffer.wrap(header).getLong(8);
        if (firstSequence < 1) {
            return bad(Status.BAD, 8, "its header names first sequence " + firstSequence + " (sequences start at 1)");
        }
        consume(headerBytes);
        return Status.OK;
    }

    /** Whether the bytes there are (as far as they go) the magic: a torn header still starts right. */
    private boolean startsWithMagic(int present) {
        byte[] magic = ByteBuffer.allocate(4).putInt(JournalFormat.MAGIC).array();
        for (int i = 0; i < Math.min(present, 4); i++) {
            if (buffer.get(buffer.position() + i) != magic[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Goes on reading at {@code offset}, where a record begins (the end of one a previous replay read
     * and checked): a replay that resumes does not read the segment from its start again.
     */
    void resumeAt(long offset) {
        position = offset;
        buffer.clear().flip();
    }

    /** RECORD (then see the accessors), END at a clean end of the file, or BAD. */
    Status next() throws IOException {
        recordOffset = position;
        if (position == limit) {
            return Status.END;
        }
        if (!fill(FRAME_BYTES)) {
            return bad(Status.BAD, position, "a record starts but the file ends " + (limit - position)
                    + " bytes later, inside its 24-byte frame");
        }
        int at = buffer.position();
        int length = buffer.getInt(at);
        long left = limit - position - FRAME_BYTES;
        if (length < 0 || length > left) {
            return bad(Status.BAD, position, "its record length " + Integer.toUnsignedString(length)
                    + " runs past the end of the file (" + left + " bytes left)");
        }
        if (!fill(FRAME_BYTES + length)) {
            return bad(Status.BAD, position, "the file ends inside the record");
        }
        at = buffer.position();
        ByteBuffer body = buffer.slice(at + FRAME_BYTES, length);
        if (buffer.getInt(at + 4) != JournalFormat.recordCrc(crc, buffer, at, body)) {
            return bad(Status.BAD, position, "the record fails its CRC32C");
        }
        sequence = buffer.getLong(at + 8);
        time = buffer.getLong(at + 16);
        payload = body.asReadOnlyBuffer();
        consume(FRAME_BYTES + length);
        return Status.RECORD;
    }

    /**
     * Looks past a bad record for any sound record with a sequence after {@code afterSequence}: if
     * one exists the bad bytes are damage in the middle, not a torn tail.
     *
     * @return the offset of the first such record, or -1
     */
    long findSoundRecordAfter(long badOffset, long afterSequence) throws IOException {
        long span = (limit - badOffset) / FRAME_BYTES + 1; // more records than this cannot follow
        ByteBuffer chunk = ByteBuffer.allocate(1 << 20);
        long base = badOffset + 1;
        while (base + FRAME_BYTES <= limit) {
            chunk.clear().limit((int) Math.min(chunk.capacity(), limit - base));
            readFully(chunk, base);
            chunk.flip();
            for (int i = 0; i + FRAME_BYTES <= chunk.limit(); i++) {
                int length = chunk.getInt(i);
                long seq = chunk.getLong(i + 8);
                long at = base + i;
                if (seq > afterSequence && seq <= afterSequence + span && length >= 0
                        && at + FRAME_BYTES + length <= limit && soundAt(at, length)) {
                    return at;
                }
            }
            if (chunk.limit() < chunk.capacity()) {
                break;
            }
            base += chunk.limit() - FRAME_BYTES + 1;
        }
        return -1;
    }

    private boolean soundAt(long at, int length) throws IOException {
        ByteBuffer record = ByteBuffer.allocate(FRAME_BYTES + length);
        readFully(record, at);
        record.flip();
        return record.getInt(4) == JournalFormat.recordCrc(crc, record, 0, record.slice(FRAME_BYTES, length));
    }

    private void readFully(ByteBuffer target, long at) throws IOException {
        long offset = at;
        while (target.hasRemaining()) {
            int n = channel.read(target, offset);
            if (n < 0) {
                throw new IOException("the file shrank while being read, at offset " + offset);
            }
            offset += n;
        }
    }

    /** Makes at least {@code needed} bytes from {@link #position} available in the buffer, unless the limit comes first. */
    private boolean fill(int needed) throws IOException {
        if (buffer.remaining() >= needed) {
            return true;
        }
        if (position + needed > limit) {
            return false;
        }
        if (needed > buffer.capacity()) {
            ByteBuffer larger = ByteBuffer.allocate(Math.max(needed, buffer.capacity() * 2));
            larger.put(buffer);
            buffer = larger;
        } else {
            buffer.compact();
        }
        buffer.limit((int) Math.min(buffer.capacity(), limit - position));
        readFully(buffer, position + buffer.position());
        buffer.flip();
        return buffer.remaining() >= needed;
    }

    private void consume(int bytes) {
        buffer.position(buffer.position() + bytes);
        position += bytes;
    }

    private Status bad(Status status, long offset, String why) {
        problem = why;
        problemOffset = offset;
        return status;
    }

    long firstSequence() {
        return firstSequence;
    }

    int version() {
        return version;
    }

    /** Offset just past the header or the last record read. */
    long position() {
        return position;
    }

    long recordOffset() {
        return recordOffset;
    }

    long sequence() {
        return sequence;
    }

    long time() {
        return time;
    }

    /** The last record's payload, read-only, valid until the next call. */
    ByteBuffer payload() {
        return payload;
    }

    String problem() {
        return problem;
    }

    long problemOffset() {
        return problemOffset;
    }
}
