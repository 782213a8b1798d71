package org.swiftft.demo;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * {@code counter.journal}: one record per change made since the snapshot, appended and forced before
 * the change is acknowledged. A record (big-endian):
 *
 * <pre>
 * int   length       of the payload, 1 to {@value #MAX_PAYLOAD_BYTES}
 * int   CRC32C       of the payload
 * bytes payload      UTF-8 "seq key delta", decimal numbers, single spaces
 * </pre>
 *
 * A process killed while appending leaves at most its last record torn; {@link #scan} stops at the
 * first record that is incomplete or fails its CRC, and recovery cuts the file there. Not thread-safe:
 * the store's lock serializes appends.
 */
final class CounterJournal implements AutoCloseable {

    static final int MAX_PAYLOAD_BYTES = 1024;
    private static final int HEADER_BYTES = 8;

    /** One change as logged. */
    record Change(long seq, String key, long delta) {
    }

    /**
     * What a journal holds.
     *
     * @param changes    the intact records, in file order
     * @param validBytes where the intact records end: the size to cut a torn tail to
     */
    record Scan(List<Change> changes, long validBytes) {
    }

    private final FileChannel channel;

    /** @param channel the journal, open for appending through the set's files */
    CounterJournal(FileChannel channel) {
        this.channel = channel;
    }

    /**
     * Appends the record and forces it: on return the change is durable here and, through replicated
     * files, acknowledged by the backups at the set's level.
     *
     * @throws IOException when it is not; the record may then be in the file, unacknowledged
     */
    void append(Change change) throws IOException {
        ByteBuffer record = record(change);
        while (record.hasRemaining()) {
            channel.write(record);
        }
        channel.force(false);
    }

    /** Cuts the journal to {@code size} bytes (a torn tail, or everything once a snapshot holds it). */
    void cut(long size) throws IOException {
        channel.truncate(size);
    }

    long size() throws IOException {
        return channel.size();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    static ByteBuffer record(Change change) {
        byte[] payload = (change.seq() + " " + change.key() + " " + change.delta()).getBytes(StandardCharsets.UTF_8);
        if (payload.length > MAX_PAYLOAD_BYTES) {
            throw new IllegalArgumentException("a journal record holds at most " + MAX_PAYLOAD_BYTES
                    + " bytes; key '" + change.key() + "' is too long");
        }
        return ByteBuffer.allocate(HEADER_BYTES + payload.length).putInt(payload.length).putInt(crc(payload, 0, payload.length))
                .put(payload).flip();
    }

    /**
     * Reads the intact records from the start of {@code bytes}.
     *
     * @param source the file's name, for the message
     * @throws IOException when an intact record (its CRC matches) does not read as a change: the file was
     *                     written by something else, and cutting it would lose what that wrote
     */
    static Scan scan(byte[] bytes, String source) throws IOException {
        List<Change> changes = new ArrayList<>();
        ByteBuffer in = ByteBuffer.wrap(bytes);
        while (in.remaining() >= HEADER_BYTES) {
            int start = in.position();
            int length = in.getInt();
            int crc = in.getInt();
            if (length < 1 || length > MAX_PAYLOAD_BYTES || in.remaining() < length
                    || crc(bytes, in.position(), length) != crc) {
                return new Scan(changes, start); // torn or corrupt: the tail ends here
            }
            String payload = new String(bytes, in.position(), length, StandardCharsets.UTF_8);
            in.position(in.position() + length);
            changes.add(parse(payload, source, start));
        }
        return new Scan(changes, in.position());
    }

    private static Change parse(String payload, String source, int offset) throws IOException {
        String[] words = payload.split(" ");
        try {
            if (words.length == 3) {
                return new Change(Long.parseLong(words[0]), words[1], Long.parseLong(words[2]));
            }
        } catch (NumberFormatException e) {
            // reported below with the record's place
        }
        throw new IOException(source + ": the record at byte " + offset + " is intact but reads '" + payload
                + "', not 'seq key delta'; was the file written by something other than Counter?");
    }

    private static int crc(byte[] bytes, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, offset, length);
        return (int) crc.getValue();
    }
}
