package org.swiftft.replication.internal;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;
import org.swiftft.libft.replication.wire.OperationCodec;
import org.swiftft.libft.replication.wire.WireFormatException;
import org.swiftft.libft.replication.wire.WriterProtocol;

/**
 * The frame format on a replication connection, version 1. Big-endian.
 *
 * <pre>
 * header (32 bytes): magic "SWRF" u32 | version u8 | type u8 | reserved u16 = 0 | epoch i64
 *                    | sequence i64 | payload length u32 | CRC32C of header bytes 0..27
 * payload (length bytes) | CRC32C of the payload u32
 * </pre>
 *
 * The header has a CRC of its own so that a damaged length is caught before the reader waits for,
 * or allocates, bytes that will never come; the payload buffer grows only as bytes arrive.
 */
public final class FrameCodec {

    static final int MAGIC = 0x53575246; // "SWRF"
    static final int VERSION = 1;
    static final int HEADER_BYTES = 32;
    /** Largest payload on an authenticated connection: one encoded operation. */
    public static final int MAX_PAYLOAD = OperationCodec.MAX_ENCODED_BYTES;
    /** Largest payload before authentication: a stranger gets no large buffer. */
    public static final int MAX_HANDSHAKE_PAYLOAD = 1024;

    private FrameCodec() {
    }

    /** Writes one frame; the caller flushes. */
    public static void write(OutputStream out, Frame frame) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
        header.putInt(MAGIC).put((byte) VERSION).put((byte) frame.type().code).putShort((short) 0)
                .putLong(frame.epoch()).putLong(frame.sequence()).putInt(frame.payload().length);
        header.putInt(crc(header.array(), 0, HEADER_BYTES - 4));
        out.write(header.array());
        out.write(frame.payload());
        out.write(ByteBuffer.allocate(4).putInt(crc(frame.payload(), 0, frame.payload().length)).array());
    }

    /**
     * Reads one frame.
     *
     * @param peer       names the sender in messages
     * @param maxPayload largest payload believed
     * @throws EOFException           if the peer closed the connection between frames
     * @throws DamagedFrameException  if only the payload is damaged (the stream stays aligned)
     * @throws WireFormatException    for anything else malformed: the connection must be dropped
     */
    public static Frame read(DataInputStream in, String peer, int maxPayload) throws IOException {
        byte[] header = new byte[HEADER_BYTES];
        int first = in.read();
        if (first < 0) {
            throw new EOFException(peer + " closed the connection");
        }
        header[0] = (byte) first;
        in.readFully(header, 1, HEADER_BYTES - 1);
        ByteBuffer h = ByteBuffer.wrap(header);
        int magic = h.getInt();
        if (magic != MAGIC) {
            throw new WireFormatException("from " + peer + ": bad frame magic 0x" + Integer.toHexString(magic)
                    + "; the peer is not a SwiFT replication node, or the stream is corrupt");
        }
        int version = h.get() & 0xFF;
        int typeCode = h.get() & 0xFF;
        h.getShort();
        long epoch = h.getLong();
        long sequence = h.getLong();
        long length = Integer.toUnsignedLong(h.getInt());
        if (h.getInt() != crc(header, 0, HEADER_BYTES - 4)) {
            throw new WireFormatException("from " + peer + ": frame header fails its CRC32C; dropping the connection");
        }
        if (version != VERSION) {
            throw new WireFormatException("from " + peer + ": frame version " + version + " is not supported "
                    + "(this node speaks " + VERSION + "); run the same SwiFT version on both sides");
        }
        FrameType type = FrameType.of(typeCode);
        if (type == null) {
            throw new WireFormatException("from " + peer + ": unknown frame type " + typeCode);
        }
        if (length > maxPayload) {
            throw new WireFormatException("from " + peer + ": " + type + " frame of " + length
                    + " bytes exceeds the maximum of " + maxPayload);
        }
        byte[] payload = WriterProtocol.readPayload(in, (int) length, peer, "frame");
        int expected = in.readInt();
        if (expected != crc(payload, 0, payload.length)) {
            throw new DamagedFrameException("from " + peer + ": " + type + " frame " + sequence
                    + " fails its payload CRC32C", new Frame(type, epoch, sequence, Frame.EMPTY));
        }
        return new Frame(type, epoch, sequence, payload);
    }

    static int crc(byte[] bytes, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, offset, length);
        return (int) crc.getValue();
    }
}
