package org.swiftft.libft.replication.wire;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The protocol between a writing application (libft's replicated files) and its local runtime, over
 * the Unix stream socket {@value #SOCKET_NAME} beside the application socket ({@code run/app.sock}).
 * The runtime alone holds the set's secret and peers; the application only hands it operations.
 *
 * <pre>
 * message: type u8 | length u32 | payload (big-endian)
 *   OPEN      c→r  version u8 (=1) | set name: u16 length + UTF-8
 *   OPENED    r→c  level u8 (0 ASYNC, 1 RECEIVED, 2 DURABLE) | directory: u16 length + UTF-8
 *   REFUSED   r→c  message UTF-8; the runtime closes the connection
 *   OPERATION c→r  client sequence i64 (1, 2, 3, ...) | encoded operation ({@link OperationCodec})
 *   ACK       r→c  client sequence i64: every operation up to it is acknowledged at the set's level
 *   PAUSE     r→c  token i64: finish the operation in flight, then hold every writer and answer
 *   PAUSED    c→r  token i64: no operation is in flight; writers wait for RESUME
 *   RESUME    r→c  token i64
 *   FAILED    r→c  message UTF-8: the set takes no more writes from this connection (role changed,
 *                  set stopped, an operation refused); the runtime closes the connection
 *   BYE       c→r  nothing: a clean close
 * </pre>
 *
 * <p>Order of a write, which both sides rely on: the writer sends OPERATION, then applies it
 * locally, then (above ASYNC) waits for its ACK, all under one lock per connection, so at most one
 * operation is sent and maybe not yet applied. If the connection ends without BYE the runtime
 * applies that last operation to the primary's directory itself (operations are idempotent), so the
 * primary never lacks what the backups got. A set has at most one writing connection at a time.
 */
public final class WriterProtocol {

    /** The socket's file name, in the folder of the application socket. */
    public static final String SOCKET_NAME = "replication.sock";
    public static final int VERSION = 1;

    public static final int OPEN = 1;
    public static final int OPENED = 2;
    public static final int REFUSED = 3;
    public static final int OPERATION = 4;
    public static final int ACK = 5;
    public static final int PAUSE = 6;
    public static final int PAUSED = 7;
    public static final int RESUME = 8;
    public static final int FAILED = 9;
    public static final int BYE = 10;

    /** Largest payload either side believes: an operation and its sequence. */
    public static final int MAX_PAYLOAD = OperationCodec.MAX_ENCODED_BYTES + Long.BYTES;
    private static final int FIRST_CHUNK = 64 * 1024;

    /** One message. */
    public record Message(int type, byte[] payload) {

        /** The i64 at the start of the payload (sequence or token). */
        public long number() {
            return ByteBuffer.wrap(payload).getLong();
        }

        /** The payload as UTF-8 text (REFUSED, FAILED). */
        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    private WriterProtocol() {
    }

    /** Writes one message; the caller flushes. */
    public static void write(OutputStream out, int type, byte[] payload) throws IOException {
        out.write(ByteBuffer.allocate(5).put((byte) type).putInt(payload.length).array());
        out.write(payload);
    }

    /**
     * Sends one message straight to the channel, in one buffer. Not through
     * {@code Channels.newOutputStream}: on Java 17 it shares a lock with a reader blocked on the same
     * channel (JDK-8279339), which would hold every message behind the next one to arrive.
     */
    public static void send(WritableByteChannel channel, int type, byte[] payload) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate(5 + payload.length).put((byte) type).putInt(payload.length).put(payload);
        bytes.flip();
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
    }

    public static void writeNumber(OutputStream out, int type, long number) throws IOException {
        write(out, type, ByteBuffer.allocate(Long.BYTES).putLong(number).array());
    }

    public static void writeText(OutputStream out, int type, String text) throws IOException {
        write(out, type, text.getBytes(StandardCharsets.UTF_8));
    }

    /** The OPEN payload. */
    public static byte[] open(String set) {
        byte[] name = set.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(3 + name.length).put((byte) VERSION).putShort((short) name.length).put(name)
                .array();
    }

    /** The OPENED payload. */
    public static byte[] opened(int level, String directory) {
        byte[] path = directory.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(3 + path.length).put((byte) level).putShort((short) path.length).put(path)
                .array();
    }

    /** The OPERATION payload: the sequence, then the encoded operation. */
    public static byte[] operation(long sequence, Operation operation) {
        byte[] encoded = OperationCodec.encode(operation);
        return ByteBuffer.allocate(Long.BYTES + encoded.length).putLong(sequence).put(encoded).array();
    }

    /** The operation in an OPERATION payload (after its sequence). */
    public static Operation operationOf(Message message, String source) throws WireFormatException {
        if (message.payload().length < Long.BYTES + 2) {
            throw new WireFormatException(source + ": an OPERATION message of " + message.payload().length
                    + " bytes is too short");
        }
        return OperationCodec.decode(ByteBuffer.wrap(message.payload(), Long.BYTES,
                message.payload().length - Long.BYTES), source);
    }

    /** The set name in an OPEN payload. */
    public static String setOf(Message message, String source) throws WireFormatException {
        ByteBuffer in = ByteBuffer.wrap(message.payload());
        if (in.remaining() < 3) {
            throw new WireFormatException(source + ": an OPEN message of " + in.remaining() + " bytes is too short");
        }
        int version = in.get() & 0xFF;
        if (version != VERSION) {
            throw new WireFormatException(source + ": writer protocol version " + version + " is not supported "
                    + "(this runtime speaks " + VERSION + "); use the libft of the runtime's version");
        }
        return utf8(in, source);
    }

    /** The level code in an OPENED payload. */
    public static int levelOf(Message message) {
        return message.payload()[0] & 0xFF;
    }

    /** The directory in an OPENED payload. */
    public static String directoryOf(Message message, String source) throws WireFormatException {
        ByteBuffer in = ByteBuffer.wrap(message.payload());
        in.get();
        return utf8(in, source);
    }

    private static String utf8(ByteBuffer in, String source) throws WireFormatException {
        int length = in.getShort() & 0xFFFF;
        if (length != in.remaining()) {
            throw new WireFormatException(source + ": a name of " + length + " bytes in a message holding "
                    + in.remaining());
        }
        return StandardCharsets.UTF_8.decode(in).toString();
    }

    /**
     * Reads one message.
     *
     * @param peer names the sender in messages
     * @throws EOFException        if the peer closed the connection between messages
     * @throws WireFormatException for an unknown type or a length above {@link #MAX_PAYLOAD}
     */
    public static Message read(DataInputStream in, String peer) throws IOException {
        int type = in.read();
        if (type < 0) {
            throw new EOFException(peer + " closed the connection");
        }
        if (type < OPEN || type > BYE) {
            throw new WireFormatException("from " + peer + ": unknown message type " + type
                    + "; is this a SwiFT replication writer?");
        }
        long length = Integer.toUnsignedLong(in.readInt());
        if (length > MAX_PAYLOAD) {
            throw new WireFormatException("from " + peer + ": a message of " + length + " bytes exceeds the maximum of "
                    + MAX_PAYLOAD);
        }
        return new Message(type, readPayload(in, (int) length, peer, "message"));
    }

    /**
     * Reads {@code length} bytes, growing the buffer as they arrive, so a length that lies costs at
     * most one chunk. Shared with the frames between runtimes.
     *
     * @param what names the unit in the message ("message", "frame")
     */
    public static byte[] readPayload(InputStream in, int length, String peer, String what) throws IOException {
        byte[] buffer = new byte[Math.min(length, FIRST_CHUNK)];
        int filled = 0;
        while (filled < length) {
            if (filled == buffer.length) {
                buffer = Arrays.copyOf(buffer, (int) Math.min(length, 2L * buffer.length));
            }
            int n = in.read(buffer, filled, buffer.length - filled);
            if (n < 0) {
                throw new EOFException(peer + " closed the connection inside a " + what + " after " + filled + " of "
                        + length + " payload bytes");
            }
            filled += n;
        }
        return buffer;
    }
}
