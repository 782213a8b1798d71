package org.swiftft.launcher;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The control socket's framing, shared by the runtime and {@code bin/swift}. The client sends one
 * command line; the runtime answers with frames as output appears, then an exit status:
 * <pre>
 *   request:  int length, UTF-8 command line
 *   response: (byte kind, int length, bytes)* with kind OUT or ERR, then byte EXIT, int status
 * </pre>
 */
final class ControlProtocol {

    static final byte OUT = 'O';
    static final byte ERR = 'E';
    static final byte EXIT = 'X';

    /** Longest command line accepted: a guard against a stray client, far above any real command. */
    static final int MAX_COMMAND_BYTES = 64 * 1024;

    /** Exit status: the command failed. */
    static final int FAILED = 1;

    private ControlProtocol() {
    }

    static void writeCommand(DataOutputStream out, String command) throws IOException {
        byte[] bytes = command.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
        out.flush();
    }

    static String readCommand(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > MAX_COMMAND_BYTES) {
            throw new IOException("command of " + length + " bytes refused (at most " + MAX_COMMAND_BYTES + ")");
        }
        byte[] bytes = in.readNBytes(length);
        if (bytes.length != length) {
            throw new IOException("command cut short: " + bytes.length + " of " + length + " bytes");
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Output and errors of one command may be written from two threads: a frame is written whole. */
    static void writeFrame(DataOutputStream out, byte kind, byte[] bytes, int offset, int length)
            throws IOException {
        synchronized (out) {
            out.writeByte(kind);
            out.writeInt(length);
            out.write(bytes, offset, length);
            out.flush();
        }
    }

    static void writeExit(DataOutputStream out, int status) throws IOException {
        synchronized (out) {
            out.writeByte(EXIT);
            out.writeInt(status);
            out.flush();
        }
    }
}
