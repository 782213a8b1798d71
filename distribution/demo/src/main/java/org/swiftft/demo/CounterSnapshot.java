package org.swiftft.demo;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * The format of {@code counter.checkpoint}, a full snapshot of the counters (big-endian):
 *
 * <pre>
 * int   magic 0x43544350 ("CTCP")
 * int   version 1
 * long  seq            the last change the snapshot contains
 * int   count          number of entries
 * count × { u16 key length, key (UTF-8), long total }
 * int   CRC32C of every byte before it
 * </pre>
 *
 * A snapshot is written whole to a temporary file and renamed over the old one, so a damaged one is
 * not a torn write but damage: it is refused, never half-read.
 */
final class CounterSnapshot {

    static final int MAGIC = 0x43544350;
    static final int VERSION = 1;

    private CounterSnapshot() {
    }

    static byte[] encode(long seq, Map<String, Long> totals) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            out.writeLong(seq);
            out.writeInt(totals.size());
            for (Map.Entry<String, Long> entry : totals.entrySet()) {
                byte[] key = entry.getKey().getBytes(StandardCharsets.UTF_8);
                out.writeShort(key.length); // keys are at most CounterProtocol.MAX_KEY_CHARS, well under 64 KiB
                out.write(key);
                out.writeLong(entry.getValue());
            }
            out.writeInt(crc(bytes.toByteArray(), bytes.size()));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return bytes.toByteArray();
    }

    /**
     * @param source the file's name, for the message
     * @throws IOException saying what is wrong with {@code source} when it is not a whole, intact snapshot
     */
    static CounterState decode(byte[] bytes, String source) throws IOException {
        if (bytes.length < 24) {
            throw damaged(source, "it has " + bytes.length + " bytes, fewer than an empty snapshot's 24");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        int stored = in.getInt(bytes.length - 4);
        if (stored != crc(bytes, bytes.length - 4)) {
            throw damaged(source, "its CRC32C does not match its contents");
        }
        if (in.getInt() != MAGIC || in.getInt() != VERSION) {
            throw damaged(source, "it does not start with the magic number and version 1 of a counter snapshot");
        }
        try {
            long seq = in.getLong();
            int count = in.getInt();
            Map<String, Long> totals = new HashMap<>();
            for (int i = 0; i < count; i++) {
                byte[] key = new byte[Short.toUnsignedInt(in.getShort())];
                in.get(key);
                totals.put(new String(key, StandardCharsets.UTF_8), in.getLong());
            }
            if (in.position() != bytes.length - 4) {
                throw damaged(source, "its entries end at byte " + in.position() + ", not before the CRC32C");
            }
            return new CounterState(seq, totals);
        } catch (BufferUnderflowException e) {
            throw damaged(source, "its entries run past its end");
        }
    }

    private static int crc(byte[] bytes, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, length);
        return (int) crc.getValue();
    }

    private static IOException damaged(String source, String why) {
        return new IOException(source + " is damaged: " + why + ". A snapshot is renamed into place whole, so this"
                + " is damage to the disk or the file; restore the set's directory from a backup");
    }
}
