package org.swiftft.libft.runtime.wire;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.charset.StandardCharsets;

/**
 * Lines over a blocking stream channel, bounded: a peer that sends a line longer than
 * {@link ControlProtocol#MAX_LINE_BYTES} gets an {@link IOException}, never our memory. Reads on one
 * thread; writes are serialised so that lines from several threads never interleave.
 */
public final class LineChannel implements AutoCloseable {

    private final ByteChannel channel;
    private static final int FIRST_BUFFER_BYTES = 1024;

    /** Grows, doubling, up to the longest line: most connections only ever hold short lines. */
    private ByteBuffer input = ByteBuffer.allocate(FIRST_BUFFER_BYTES);
    private final Object writeLock = new Object();

    public LineChannel(ByteChannel channel) {
        this.channel = channel;
        input.flip();
    }

    /**
     * The next line, without its newline.
     *
     * @throws EOFException when the peer closed the connection (a line cut short counts as closed)
     * @throws IOException  when the line is too long or the read fails
     */
    public String readLine() throws IOException {
        while (true) {
            for (int i = input.position(); i < input.limit(); i++) {
                if (input.get(i) == '\n') {
                    byte[] bytes = new byte[i - input.position()];
                    input.get(bytes);
                    input.get(); // the newline
                    return new String(bytes, StandardCharsets.UTF_8);
                }
            }
            input.compact();
            if (!input.hasRemaining()) {
                if (input.capacity() > ControlProtocol.MAX_LINE_BYTES) {
                    throw new IOException("a line longer than " + ControlProtocol.MAX_LINE_BYTES + " bytes");
                }
                input = ByteBuffer.allocate(Math.min(input.capacity() * 2, ControlProtocol.MAX_LINE_BYTES + 1)).put(input.flip());
            }
            int read = channel.read(input);
            input.flip();
            if (read < 0) {
                throw new EOFException("the connection was closed");
            }
        }
    }

    /** Writes one line; a newline inside {@code line} would break the framing and is refused. */
    public void writeLine(String line) throws IOException {
        if (line.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("a line must not hold a newline: " + line);
        }
        ByteBuffer bytes = StandardCharsets.UTF_8.encode(line + "\n");
        if (bytes.remaining() > ControlProtocol.MAX_LINE_BYTES + 1) {
            throw new IllegalArgumentException("a line longer than " + ControlProtocol.MAX_LINE_BYTES + " bytes");
        }
        synchronized (writeLock) {
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
