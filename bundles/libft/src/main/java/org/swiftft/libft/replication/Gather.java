package org.swiftft.libft.replication;

import java.nio.ByteBuffer;

/**
 * Copies bytes out of a group of buffers without moving them: a write moves its buffers only once
 * its bytes were sent and landed, so a refused or failed write leaves them as they were.
 */
final class Gather {

    private Gather() {
    }

    /** The next up to {@code max} remaining bytes of {@code srcs[offset .. offset+length)}. */
    static byte[] peek(ByteBuffer[] srcs, int offset, int length, int max) {
        long remaining = 0;
        for (int i = offset; i < offset + length && remaining < max; i++) {
            remaining += srcs[i].remaining();
        }
        byte[] bytes = new byte[(int) Math.min(remaining, max)];
        int filled = 0;
        for (int i = offset; i < offset + length && filled < bytes.length; i++) {
            ByteBuffer view = srcs[i].duplicate();
            int n = Math.min(view.remaining(), bytes.length - filled);
            view.get(bytes, filled, n);
            filled += n;
        }
        return bytes;
    }

    /** Consumes {@code count} bytes, buffer after buffer. */
    static void advance(ByteBuffer[] srcs, int offset, int length, int count) {
        int left = count;
        for (int i = offset; i < offset + length && left > 0; i++) {
            int n = Math.min(srcs[i].remaining(), left);
            srcs[i].position(srcs[i].position() + n);
            left -= n;
        }
    }
}
