package org.swiftft.libft.replication.wire;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;

/**
 * An InputStream that reads its channel directly. {@code Channels.newInputStream} and
 * {@code newOutputStream} hold the channel's blocking lock while they block (Java 17; JDK-8279339,
 * fixed in 19), so a reader thread waiting for the next message would stop every writer: here reads
 * and writes never share a lock.
 */
public final class SocketInput extends InputStream {

    private final ReadableByteChannel channel;

    public SocketInput(ReadableByteChannel channel) {
        this.channel = channel;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        int n;
        do {
            n = channel.read(ByteBuffer.wrap(b, off, len));
        } while (n == 0); // a blocking channel returns 0 only for an empty buffer; be safe anyway
        return n;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
