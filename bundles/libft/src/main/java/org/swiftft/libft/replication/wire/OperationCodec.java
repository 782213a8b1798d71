package org.swiftft.libft.replication.wire;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The binary encoding of an {@link Operation}, version 1. Big-endian. Integrity (CRC32C) and
 * framing belong to the frame and the journal record that carry it; this format only has to be
 * compact and to refuse anything it does not fully understand.
 *
 * <pre>
 * version u8 (=1) | kind u8 | path: u16 length + UTF-8
 *   CREATE, FORCE, DELETE, MKDIR, RMDIR: nothing more
 *   WRITE_AT, APPEND:  position i64 | data: u32 length + bytes
 *   TRUNCATE:          size i64
 *   RENAME, COPY_FILE: target: u16 length + UTF-8
 *   SET_ATTRIBUTES:    permissions i32 (-1 unchanged) | modified ms i64 (Long.MIN_VALUE unchanged)
 * </pre>
 */
public final class OperationCodec {

    public static final int VERSION = 1;
    /** Longest path accepted, in UTF-8 bytes (Linux PATH_MAX). */
    public static final int MAX_PATH_BYTES = 4096;
    /** Largest data one operation carries; the writer splits larger writes. */
    public static final int MAX_DATA_BYTES = 1 << 20;
    /** Bound on an encoded operation, so frames and journal records can be sized from it. */
    public static final int MAX_ENCODED_BYTES = MAX_DATA_BYTES + 2 * MAX_PATH_BYTES + 64;

    private static final int CREATE = 1;
    private static final int WRITE_AT = 2;
    private static final int APPEND = 3;
    private static final int TRUNCATE = 4;
    private static final int FORCE = 5;
    private static final int RENAME = 6;
    private static final int DELETE = 7;
    private static final int MKDIR = 8;
    private static final int RMDIR = 9;
    private static final int SET_ATTRIBUTES = 10;
    private static final int COPY_FILE = 11;

    private OperationCodec() {
    }

    public static byte[] encode(Operation operation) {
        byte[] path = utf8(operation.path());
        ByteBuffer out = ByteBuffer.allocate(4 + path.length + MAX_PATH_BYTES + 24 + operation.dataBytes());
        out.put((byte) VERSION).put((byte) kind(operation)).putShort((short) path.length).put(path);
        if (operation instanceof Operation.WriteAt w) {
            out.putLong(w.position()).putInt(w.data().length).put(w.data());
        } else if (operation instanceof Operation.Append a) {
            out.putLong(a.offset()).putInt(a.data().length).put(a.data());
        } else if (operation instanceof Operation.Truncate t) {
            out.putLong(t.size());
        } else if (operation instanceof Operation.Rename r) {
            byte[] target = utf8(r.target());
            out.putShort((short) target.length).put(target);
        } else if (operation instanceof Operation.CopyFile c) {
            byte[] target = utf8(c.target());
            out.putShort((short) target.length).put(target);
        } else if (operation instanceof Operation.SetAttributes a) {
            out.putInt(a.permissions()).putLong(a.modifiedMillis());
        }
        byte[] encoded = new byte[out.position()];
        out.flip().get(encoded);
        return encoded;
    }

    // Java 17 has no pattern switch; the sealed interface keeps this list complete by review.
    private static int kind(Operation operation) {
        if (operation instanceof Operation.Create) {
            return CREATE;
        } else if (operation instanceof Operation.WriteAt) {
            return WRITE_AT;
        } else if (operation instanceof Operation.Append) {
            return APPEND;
        } else if (operation instanceof Operation.Truncate) {
            return TRUNCATE;
        } else if (operation instanceof Operation.Force) {
            return FORCE;
        } else if (operation instanceof Operation.Rename) {
            return RENAME;
        } else if (operation instanceof Operation.Delete) {
            return DELETE;
        } else if (operation instanceof Operation.Mkdir) {
            return MKDIR;
        } else if (operation instanceof Operation.Rmdir) {
            return RMDIR;
        } else if (operation instanceof Operation.CopyFile) {
            return COPY_FILE;
        }
        return SET_ATTRIBUTES;
    }

    /**
     * Decodes one operation occupying all of {@code in}'s remaining bytes.
     *
     * @param source where the bytes came from (peer and sequence, or log file), for the message
     */
    public static Operation decode(ByteBuffer in, String source) throws WireFormatException {
        ByteBuffer buf = in.duplicate();
        try {
            int version = buf.get() & 0xFF;
            if (version != VERSION) {
                throw new WireFormatException(source + ": operation format version " + version
                        + " is not supported (this node reads version " + VERSION + "); upgrade this node");
            }
            int kind = buf.get() & 0xFF;
            String path = string(buf, source);
            Operation operation = body(kind, path, buf, source);
            if (buf.hasRemaining()) {
                throw new WireFormatException(source + ": " + buf.remaining() + " stray bytes after a "
                        + operation.getClass().getSimpleName() + " operation");
            }
            return operation;
        } catch (BufferUnderflowException e) {
            throw new WireFormatException(source + ": operation is cut short (" + in.remaining() + " bytes)");
        } catch (IllegalArgumentException e) {
            throw new WireFormatException(source + ": " + e.getMessage());
        }
    }

    private static Operation body(int kind, String path, ByteBuffer buf, String source) throws WireFormatException {
        return switch (kind) {
            case CREATE -> new Operation.Create(path);
            case WRITE_AT -> new Operation.WriteAt(path, buf.getLong(), data(buf, source));
            case APPEND -> new Operation.Append(path, buf.getLong(), data(buf, source));
            case TRUNCATE -> new Operation.Truncate(path, buf.getLong());
            case FORCE -> new Operation.Force(path);
            case RENAME -> new Operation.Rename(path, string(buf, source));
            case DELETE -> new Operation.Delete(path);
            case MKDIR -> new Operation.Mkdir(path);
            case RMDIR -> new Operation.Rmdir(path);
            case SET_ATTRIBUTES -> new Operation.SetAttributes(path, buf.getInt(), buf.getLong());
            case COPY_FILE -> new Operation.CopyFile(path, string(buf, source));
            default -> throw new WireFormatException(source + ": unknown operation kind " + kind);
        };
    }

    /** Checks the declared length against what is there before allocating: a lying length allocates nothing. */
    private static byte[] data(ByteBuffer buf, String source) throws WireFormatException {
        int length = buf.getInt();
        if (length < 0 || length > MAX_DATA_BYTES || length > buf.remaining()) {
            throw new WireFormatException(source + ": operation data length " + Integer.toUnsignedString(length)
                    + " exceeds the " + buf.remaining() + " bytes present or the maximum " + MAX_DATA_BYTES);
        }
        byte[] data = new byte[length];
        buf.get(data);
        return data;
    }

    private static String string(ByteBuffer buf, String source) throws WireFormatException {
        int length = buf.getShort() & 0xFFFF;
        if (length > MAX_PATH_BYTES || length > buf.remaining()) {
            throw new WireFormatException(source + ": path length " + length + " exceeds the bytes present or "
                    + MAX_PATH_BYTES);
        }
        ByteBuffer bytes = buf.slice(buf.position(), length);
        buf.position(buf.position() + length);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(bytes).toString();
        } catch (CharacterCodingException e) {
            throw new WireFormatException(source + ": a path is not valid UTF-8");
        }
    }

    private static byte[] utf8(String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_PATH_BYTES) {
            throw new IllegalArgumentException("path of " + bytes.length + " bytes exceeds " + MAX_PATH_BYTES
                    + ": " + s.substring(0, 64) + "...");
        }
        return bytes;
    }
}
