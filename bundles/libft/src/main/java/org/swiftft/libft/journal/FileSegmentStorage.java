package org.swiftft.libft.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** The real file system. */
final class FileSegmentStorage implements SegmentStorage {

    static final FileSegmentStorage INSTANCE = new FileSegmentStorage();

    private FileSegmentStorage() {
    }

    @Override
    public SegmentChannel open(Path file, boolean create) throws IOException {
        FileChannel channel = create
                ? FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE)
                : FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        return new RealChannel(channel);
    }

    /** For readers beside a writer (a catalog): never writes, takes no lock. */
    static SegmentChannel openReadOnly(Path file) throws IOException {
        return new RealChannel(FileChannel.open(file, StandardOpenOption.READ));
    }

    @Override
    public void syncDirectory(Path directory) throws IOException {
        // Linux lets a directory be opened read-only and fsync'd; that makes new and removed
        // entries durable, which fsync of the file alone does not.
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        }
    }

    @Override
    public void delete(Path file) throws IOException {
        Files.delete(file);
    }

    private static final class RealChannel implements SegmentChannel {
        private final FileChannel channel;

        RealChannel(FileChannel channel) {
            this.channel = channel;
        }

        @Override
        public void write(ByteBuffer source, long position) throws IOException {
            long at = position;
            while (source.hasRemaining()) {
                at += channel.write(source, at);
            }
        }

        @Override
        public int read(ByteBuffer target, long position) throws IOException {
            return channel.read(target, position);
        }

        @Override
        public long size() throws IOException {
            return channel.size();
        }

        @Override
        public void truncate(long size) throws IOException {
            channel.truncate(size);
        }

        @Override
        public void force(boolean metadata) throws IOException {
            channel.force(metadata);
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
