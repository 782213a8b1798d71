package org.swiftft.libft.checkpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The checkpoint file-system seam with faults: a failing fsync, a disk that fills up, and a power
 * loss — every write not yet forced is lost, and every directory change (creation, rename,
 * deletion) not followed by a forced directory is undone. Writes are held in memory until the file
 * is forced, so "lost" is literal. A power loss strikes at a chosen operation; from then on every
 * operation fails, as on a machine that is down, until {@link #powerLoss()} settles the disk.
 */
final class FaultyFileSystem implements CheckpointFileSystem {

    /** The machine went down: an Error, so that no code under test catches it and carries on. */
    static final class PowerLoss extends Error {
        private static final long serialVersionUID = 1L;

        PowerLoss(int operation) {
            super("simulated power loss at file-system operation " + operation);
        }
    }

    volatile boolean failForce;
    volatile boolean failDirectoryForce;
    /** Bytes that fit on the disk before writes fail with ENOSPC; negative for no limit. */
    volatile long spaceLeft = -1;
    /** The operation (counted from 1) at which the power goes; 0 for never. */
    volatile int crashAt;
    private int operations;
    private boolean down;
    /** Directory changes since the last forced directory, newest last, each with how to undo it. */
    private final Deque<Runnable> undo = new ArrayDeque<>();

    synchronized int operations() {
        return operations;
    }

    /** The power comes back: undoes every unforced directory change. Unforced data never reached the files. */
    synchronized void powerLoss() {
        while (!undo.isEmpty()) {
            undo.removeLast().run();
        }
    }

    private synchronized void step() {
        if (down) {
            throw new PowerLoss(operations);
        }
        operations++;
        if (crashAt > 0 && operations >= crashAt) {
            down = true;
            throw new PowerLoss(operations);
        }
    }

    @Override
    public FileChannel create(Path file) throws IOException {
        step();
        FileChannel real = CheckpointFileSystem.super.create(file);
        synchronized (this) {
            undo.add(() -> quietly(() -> Files.deleteIfExists(file)));
        }
        return new LossyChannel(real);
    }

    @Override
    public void move(Path from, Path to) throws IOException {
        step();
        byte[] replaced = Files.exists(to) ? Files.readAllBytes(to) : null;
        CheckpointFileSystem.super.move(from, to);
        synchronized (this) {
            undo.add(() -> quietly(() -> {
                if (replaced == null) {
                    Files.deleteIfExists(to);
                } else {
                    Files.write(to, replaced);
                }
            }));
        }
    }

    @Override
    public void forceDirectory(Path directory) throws IOException {
        step();
        if (failDirectoryForce) {
            throw new IOException("Input/output error");
        }
        CheckpointFileSystem.super.forceDirectory(directory);
        synchronized (this) {
            undo.clear();
        }
    }

    @Override
    public void delete(Path file) throws IOException {
        step();
        byte[] old = Files.exists(file) ? Files.readAllBytes(file) : null;
        CheckpointFileSystem.super.delete(file);
        if (old != null) {
            synchronized (this) {
                undo.add(() -> quietly(() -> Files.write(file, old)));
            }
        }
    }

    private interface IoAction {
        void run() throws IOException;
    }

    private static void quietly(IoAction action) {
        try {
            action.run();
        } catch (IOException e) {
            throw new AssertionError("the simulated disk could not be settled", e);
        }
    }

    /** Holds writes in memory until force(); the rest goes to the real channel. */
    private final class LossyChannel extends FileChannel {
        private final FileChannel real;
        private final List<Object[]> unforced = new ArrayList<>();
        private long position;
        private long size;

        LossyChannel(FileChannel real) {
            this.real = real;
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            int n = write(src, position);
            position += n;
            return n;
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            step();
            long total = 0;
            for (int i = offset; i < offset + length; i++) {
                total += hold(srcs[i], position + total);
            }
            position += total;
            return total;
        }

        @Override
        public int write(ByteBuffer src, long at) throws IOException {
            step();
            return hold(src, at);
        }

        private int hold(ByteBuffer src, long at) throws IOException {
            int n = src.remaining();
            if (spaceLeft >= 0) {
                if (n > spaceLeft) {
                    throw new IOException("No space left on device");
                }
                spaceLeft -= n;
            }
            byte[] bytes = new byte[n];
            src.get(bytes);
            unforced.add(new Object[] {at, bytes});
            size = Math.max(size, at + n);
            return n;
        }

        @Override
        public void force(boolean metaData) throws IOException {
            step();
            if (failForce) {
                throw new IOException("Input/output error");
            }
            for (Object[] w : unforced) {
                ByteBuffer b = ByteBuffer.wrap((byte[]) w[1]);
                long at = (Long) w[0];
                while (b.hasRemaining()) {
                    at += real.write(b, at);
                }
            }
            unforced.clear();
            real.force(metaData);
        }

        @Override
        public long position() {
            return position;
        }

        @Override
        public FileChannel position(long newPosition) {
            position = newPosition;
            return this;
        }

        @Override
        public long size() throws IOException {
            return Math.max(size, real.size());
        }

        @Override
        protected void implCloseChannel() throws IOException {
            real.close(); // unforced writes stay unwritten: close() does not force
        }

        @Override
        public int read(ByteBuffer dst) {
            throw new UnsupportedOperationException("the checkpoint writer does not read");
        }

        @Override
        public long read(ByteBuffer[] dsts, int offset, int length) {
            throw new UnsupportedOperationException("the checkpoint writer does not read");
        }

        @Override
        public int read(ByteBuffer dst, long at) {
            throw new UnsupportedOperationException("the checkpoint writer does not read");
        }

        @Override
        public FileChannel truncate(long newSize) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long transferTo(long at, long count, WritableByteChannel target) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long transferFrom(ReadableByteChannel src, long at, long count) {
            throw new UnsupportedOperationException();
        }

        @Override
        public MappedByteBuffer map(MapMode mode, long at, long size) {
            throw new UnsupportedOperationException();
        }

        @Override
        public FileLock lock(long at, long size, boolean shared) {
            throw new UnsupportedOperationException();
        }

        @Override
        public FileLock tryLock(long at, long size, boolean shared) {
            throw new UnsupportedOperationException();
        }
    }
}
