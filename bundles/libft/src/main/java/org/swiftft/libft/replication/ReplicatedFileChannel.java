package org.swiftft.libft.replication;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

import org.swiftft.libft.replication.wire.Operation;
import org.swiftft.libft.replication.wire.OperationCodec;

/**
 * A FileChannel on a file of a replication set that records every change it makes: each write, as
 * the {@link Operation.WriteAt} of the position it landed at (an {@link Operation.Append} of the
 * offset, for a channel opened with APPEND), in pieces of at most {@link OperationCodec#MAX_DATA_BYTES};
 * truncate as the size it cut to; force as a Force. Each change goes through the set's
 * {@link WriterConnection}: sent, applied here, then acknowledged at the set's level. Reads, locks
 * and READ_ONLY mappings are the real channel's.
 *
 * <p>Refused: READ_WRITE and PRIVATE mappings (stores through a mapping never pass through here) and,
 * on an APPEND channel, writes at a position (FileChannel leaves their effect unspecified; Linux
 * appends), each with an UnsupportedOperationException.
 */
final class ReplicatedFileChannel extends FileChannel {

    private final WriterConnection connection;
    private final String path;
    private final FileChannel file;
    private final boolean writable;
    private final boolean append;

    ReplicatedFileChannel(WriterConnection connection, String path, FileChannel file, boolean writable,
            boolean append) {
        this.connection = connection;
        this.path = path;
        this.file = file;
        this.writable = writable;
        this.append = append;
    }

    // ---- changes: recorded ----

    @Override
    public int write(ByteBuffer src) throws IOException {
        return (int) write(new ByteBuffer[] {src}, 0, 1);
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        java.util.Objects.checkFromIndexSize(offset, length, srcs.length);
        checkWritable();
        return connection.locked(() -> {
            checkOpen();
            long total = 0;
            byte[] chunk;
            while ((chunk = Gather.peek(srcs, offset, length, OperationCodec.MAX_DATA_BYTES)).length > 0) {
                byte[] data = chunk;
                // The channel's position (its size, when appending) is where the bytes will land: under the
                // lock nothing else of this set moves it.
                Operation operation = append ? new Operation.Append(path, file.size(), data)
                        : new Operation.WriteAt(path, file.position(), data);
                connection.sendAndApply(operation, () -> writeFully(ByteBuffer.wrap(data), -1));
                Gather.advance(srcs, offset, length, data.length);
                total += data.length;
            }
            connection.awaitAcknowledged();
            return total;
        });
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
        if (position < 0) {
            throw new IllegalArgumentException("negative position " + position + " for a write to " + path);
        }
        checkWritable();
        checkNotAppending("write(ByteBuffer, long)");
        return connection.locked(() -> {
            checkOpen();
            int total = 0;
            ByteBuffer[] srcs = {src};
            byte[] chunk;
            while ((chunk = Gather.peek(srcs, 0, 1, OperationCodec.MAX_DATA_BYTES)).length > 0) {
                byte[] data = chunk;
                long at = position + total;
                connection.sendAndApply(new Operation.WriteAt(path, at, data),
                        () -> writeFully(ByteBuffer.wrap(data), at));
                Gather.advance(srcs, 0, 1, data.length);
                total += data.length;
            }
            connection.awaitAcknowledged();
            return total;
        });
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
        if (position < 0 || count < 0) {
            throw new IllegalArgumentException("negative position " + position + " or count " + count
                    + " for a transfer to " + path);
        }
        checkWritable();
        checkNotAppending("transferFrom");
        return connection.locked(() -> {
            checkOpen();
            if (position > file.size()) {
                return 0L; // as FileChannel.transferFrom: nothing is transferred beyond the end
            }
            long total = 0;
            while (total < count) {
                byte[] data = readUpTo(src, (int) Math.min(count - total, OperationCodec.MAX_DATA_BYTES));
                if (data.length == 0) {
                    break;
                }
                long at = position + total;
                connection.sendAndApply(new Operation.WriteAt(path, at, data),
                        () -> writeFully(ByteBuffer.wrap(data), at));
                total += data.length;
            }
            connection.awaitAcknowledged();
            return total;
        });
    }

    /** Records the size cut to, and only when it cuts: FileChannel.truncate never extends a file. */
    @Override
    public FileChannel truncate(long size) throws IOException {
        if (size < 0) {
            throw new IllegalArgumentException("negative size " + size + " for a truncate of " + path);
        }
        checkOpen();
        checkWritable();
        connection.locked(() -> {
            checkOpen();
            if (size < file.size()) {
                connection.perform(new Operation.Truncate(path, size), () -> file.truncate(size));
            } else {
                file.truncate(size); // changes no byte, only moves a position beyond the size
            }
            return null;
        });
        return this;
    }

    /** Returns when the file is forced here and the Force is acknowledged at the set's level. */
    @Override
    public void force(boolean metaData) throws IOException {
        if (!writable) {
            file.force(metaData); // nothing of this channel's to make durable on the backups
            return;
        }
        connection.locked(() -> {
            checkOpen();
            return connection.perform(new Operation.Force(path), () -> {
                file.force(metaData);
                return null;
            });
        });
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
        if (mode != MapMode.READ_ONLY) {
            throw new UnsupportedOperationException("map(" + mode + ") of " + path + " in replication set '"
                    + connection.set() + "': stores through a mapping reach the file without passing through this"
                    + " channel, so they could not be replicated. Map READ_ONLY and change the file with write()");
        }
        return file.map(mode, position, size);
    }

    // ---- reads, positions, locks: the real channel's ----

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return file.read(dst);
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        return file.read(dsts, offset, length);
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
        return file.read(dst, position);
    }

    @Override
    public long position() throws IOException {
        return file.position();
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
        file.position(newPosition);
        return this;
    }

    @Override
    public long size() throws IOException {
        return file.size();
    }

    @Override
    public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
        return file.transferTo(position, count, target);
    }

    @Override
    public FileLock lock(long position, long size, boolean shared) throws IOException {
        return file.lock(position, size, shared);
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
        return file.tryLock(position, size, shared);
    }

    @Override
    protected void implCloseChannel() throws IOException {
        file.close();
    }

    @Override
    public String toString() {
        return "ReplicatedFileChannel[" + path + " in set " + connection.set() + (writable ? "" : ", read-only") + "]";
    }

    // ---- helpers ----

    /** All of {@code data}, at {@code position} or (negative) at the channel's: what was sent must land whole. */
    private Void writeFully(ByteBuffer data, long position) throws IOException {
        long at = position;
        while (data.hasRemaining()) {
            if (position < 0) {
                file.write(data);
            } else {
                at += file.write(data, at);
            }
        }
        return null;
    }

    /** Up to {@code max} bytes, fewer when the source ends or has nothing now (non-blocking). */
    private static byte[] readUpTo(ReadableByteChannel src, int max) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(max);
        while (buffer.hasRemaining() && src.read(buffer) > 0) {
            // keep filling
        }
        byte[] data = new byte[buffer.position()];
        buffer.flip().get(data);
        return data;
    }

    /** Checked before anything is sent, so that a closed channel sends nothing. */
    private void checkOpen() throws IOException {
        if (!isOpen() || !file.isOpen()) {
            throw new ClosedChannelException();
        }
    }

    private void checkWritable() throws IOException {
        checkOpen();
        if (!writable) {
            throw new NonWritableChannelException();
        }
    }

    private void checkNotAppending(String call) {
        if (append) {
            throw new UnsupportedOperationException(call + " on " + path + ", opened with APPEND: FileChannel leaves"
                    + " its effect unspecified (Linux appends), so it cannot be recorded; open the file without APPEND"
                    + " to write at a position");
        }
    }
}
