package org.swiftft.libft.journal;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The file system as the engine sees it: the seam where tests put a file system that fails an
 * fsync, fills up, or loses what was never forced. Listing directories and the lock file stay on
 * the real file system; everything whose failure changes what is acknowledged goes through here.
 */
interface SegmentStorage {

    /** Opens a file for reading and writing; {@code create} means it must not exist yet. */
    SegmentChannel open(Path file, boolean create) throws IOException;

    /** Makes the directory's entries (created, deleted files) durable. */
    void syncDirectory(Path directory) throws IOException;

    void delete(Path file) throws IOException;

    /** One open file. Not thread-safe except {@link #read}, which is positional. */
    interface SegmentChannel extends AutoCloseable {

        /** Writes all of {@code source} at {@code position}. */
        void write(java.nio.ByteBuffer source, long position) throws IOException;

        /** Reads up to {@code target.remaining()} bytes at {@code position}; -1 at end of file. */
        int read(java.nio.ByteBuffer target, long position) throws IOException;

        long size() throws IOException;

        void truncate(long size) throws IOException;

        /** fsync ({@code metadata}) or fdatasync: what was written is on the device when it returns. */
        void force(boolean metadata) throws IOException;

        @Override
        void close() throws IOException;
    }
}
