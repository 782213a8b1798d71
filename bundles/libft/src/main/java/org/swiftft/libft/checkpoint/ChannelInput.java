package org.swiftft.libft.checkpoint;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32C;

/**
 * Sequential reads of a file through one large window, so that verifying a checkpoint reads the
 * disk in big requests whatever its block size; knows the file offset of every byte it hands out,
 * for error messages.
 */
final class ChannelInput {

    private static final int WINDOW = 1 << 20;

    private final FileChannel channel;
    private final ByteBuffer window = ByteBuffer.allocateDirect(WINDOW).limit(0);
    /** File offset of {@code window[0]}. */
    private long windowStart;

    ChannelInput(FileChannel channel, long start) {
        this.channel = channel;
        this.windowStart = start;
    }

    /** File offset of the next byte. */
    long position() {
        return windowStart + window.position();
    }

    /**
     * The next {@code n} bytes ({@code n} at most 1 MiB), valid until the next call.
     *
     * @throws EOFException if the file ends first
     */
    ByteBuffer take(int n) throws IOException {
        ensure(n);
        ByteBuffer slice = window.slice(window.position(), n);
        window.position(window.position() + n);
        return slice;
    }

    /** Consumes the next {@code n} bytes and returns their CRC32C. */
    int crcOfNext(long n) throws IOException {
        CRC32C crc = new CRC32C();
        long left = n;
        while (left > 0) {
            int chunk = (int) Math.min(left, WINDOW);
            crc.update(take(chunk));
            left -= chunk;
        }
        return (int) crc.getValue();
    }

    private void ensure(int n) throws IOException {
        if (window.remaining() >= n) {
            return;
        }
        windowStart += window.position();
        window.compact();
        while (window.position() < n) {
            if (channel.read(window, windowStart + window.position()) < 0) {
                window.flip();
                throw new EOFException("the file ends at offset " + (windowStart + window.limit()));
            }
        }
        window.flip();
    }
}
