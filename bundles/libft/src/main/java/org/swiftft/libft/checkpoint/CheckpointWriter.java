package org.swiftft.libft.checkpoint;

import static org.swiftft.libft.checkpoint.CheckpointFormat.*;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.zip.CRC32C;

import org.swiftft.checkpoint.CheckpointException;
import org.swiftft.checkpoint.CheckpointException.Reason;
import org.swiftft.libft.checkpoint.CheckpointFailures.Step;

/**
 * Writes one checkpoint file: under a temporary name, forced, then renamed into place and the
 * directory forced — so that a crash at any instant leaves the file complete under its final name
 * or not there at all. Data goes to the kernel by gathering writes straight from the caller's
 * buffers (a region's off-heap memory), so a full checkpoint copies each byte once, into the page
 * cache. Not thread-safe; one writer per checkpoint.
 */
final class CheckpointWriter {

    /** Flush once this much is queued: large enough for sequential throughput, small enough to stream. */
    private static final long FLUSH_BYTES = 4 << 20;
    private static final int MAX_BUFFERS = 256;

    private final CheckpointFileSystem fs;
    private final Path temp;
    private final Path target;
    private final Header header;
    private final long allowance;
    private final FileChannel channel;
    private final CRC32C metadata = new CRC32C();
    private final ByteBuffer[] pending = new ByteBuffer[MAX_BUFFERS];
    /** Small metadata (entry and block headers) waiting in {@link #pending}; cleared only after a flush. */
    private final ByteBuffer arena = ByteBuffer.allocateDirect(64 << 10);
    private int pendingCount;
    private long pendingBytes;
    private long offset;
    private int entries;
    private long stateBytes;
    private boolean publishing;

    private CheckpointWriter(CheckpointFileSystem fs, Path directory, Header header, long allowance, FileChannel channel) {
        this.fs = fs;
        this.temp = directory.resolve(String.format("%020d", header.sequence()) + TEMP_SUFFIX);
        this.target = directory.resolve(fileName(header.sequence()));
        this.header = header;
        this.allowance = allowance;
        this.channel = channel;
    }

    /**
     * Starts the file of the checkpoint {@code header} describes.
     *
     * @param allowance bytes the file may take before the store's size cap is reached
     */
    static CheckpointWriter start(CheckpointFileSystem fs, Path directory, Header header, long allowance)
            throws CheckpointException {
        Path temp = directory.resolve(String.format("%020d", header.sequence()) + TEMP_SUFFIX);
        try {
            fs.delete(temp); // left by a writer that died; the store owns the directory
            CheckpointWriter writer = new CheckpointWriter(fs, directory, header, allowance, fs.create(temp));
            ByteBuffer bytes = header.encode();
            writer.metadata.update(bytes.duplicate());
            writer.queue(bytes);
            return writer;
        } catch (IOException e) {
            throw CheckpointFailures.writeFailed(e, Step.WRITE, temp, 0, header.sequence());
        }
    }

    Path target() {
        return target;
    }

    /** Starts an entry: its {@code blocks} blocks follow. */
    void entry(String name, byte type, long totalLength, int blocks) throws CheckpointException {
        byte[] utf8 = utf8(name, "a region or provider name");
        reserve(ENTRY_FIXED + utf8.length);
        ByteBuffer b = metadataBuffer(ENTRY_FIXED + utf8.length);
        b.putInt(ENTRY_MAGIC).put(type).put((byte) 0).putShort((short) utf8.length).put(utf8)
                .putLong(totalLength).putInt(blocks);
        b.putInt(crc32c(b.duplicate().flip()));
        b.flip();
        metadata.update(b.duplicate());
        queue(b);
        entries++;
        stateBytes += totalLength;
    }

    /** One block: its header, then {@code data} (position to limit), which must stay unchanged until {@link #finish}. */
    void block(int index, ByteBuffer data, int dataCrc) throws CheckpointException {
        int length = data.remaining();
        reserve(BLOCK_HEADER + (long) length);
        ByteBuffer b = metadataBuffer(BLOCK_HEADER);
        b.putInt(index).putInt(length).putInt(dataCrc).putInt(blockHeaderCrc(index, length, dataCrc)).flip();
        metadata.update(b.duplicate());
        queue(b);
        queue(data);
    }

    /**
     * Writes the trailer and forces the file: after return its bytes are on disk under the temporary
     * name.
     *
     * @return the file's size
     */
    long finish(long writeMillis) throws CheckpointException {
        ByteBuffer trailer = new Trailer(entries, stateBytes, writeMillis, offset + TRAILER,
                (int) metadata.getValue()).encode();
        queue(trailer);
        flush();
        try {
            channel.force(false); // fdatasync: the data and the size, which is all a reader needs
            channel.close();
        } catch (IOException e) {
            throw CheckpointFailures.writeFailed(e, Step.FORCE, temp, offset, header.sequence());
        }
        return offset;
    }

    /** Renames the finished file into place and forces the directory: the checkpoint is now durable. */
    void publish() throws CheckpointException {
        publishing = true;
        try {
            fs.move(temp, target);
        } catch (IOException e) {
            throw CheckpointFailures.writeFailed(e, Step.RENAME, temp, -1, header.sequence());
        }
        try {
            fs.forceDirectory(target.getParent());
        } catch (IOException e) {
            throw CheckpointFailures.writeFailed(e, Step.FORCE_DIRECTORY, target, -1, header.sequence());
        }
    }

    /**
     * Gives up: closes and removes the temporary file, and the final one if the rename happened but
     * the directory could not be forced (nothing acknowledged has this sequence: sequences only grow).
     * Best effort, since a failure is already being reported.
     */
    void abandon() {
        try {
            channel.close();
        } catch (IOException | RuntimeException e) {
            // The failure being reported says more than this one.
        }
        try {
            fs.delete(temp);
            if (publishing) {
                fs.delete(target);
            }
        } catch (IOException | RuntimeException e) {
            // A stale file is replaced by the next writer of this sequence, or removed on open.
        }
    }

    /**
     * Gives up, removing only the temporary file: for a compaction, whose final name holds an
     * acknowledged checkpoint (the increment, or the full one if the rename happened).
     */
    void abandonTemporary() {
        publishing = false;
        abandon();
    }

    long stateBytes() {
        return stateBytes;
    }

    private ByteBuffer metadataBuffer(int size) throws CheckpointException {
        // Room for this header and the data after it, so no flush reuses the arena under a queued slice.
        if (arena.remaining() < size || pendingCount > MAX_BUFFERS - 2) {
            flush();
        }
        ByteBuffer b = arena.slice(arena.position(), size);
        arena.position(arena.position() + size);
        return b;
    }

    /** Fails before the file grows past the size cap, counting the trailer it will need. */
    private void reserve(long bytes) throws CheckpointException {
        if (offset + bytes + TRAILER > allowance) {
            throw new CheckpointException(Reason.FULL, "checkpoint " + header.sequence() + " would make the retained"
                    + " checkpoints exceed the store's size cap (it has " + allowance + " bytes left, the file is"
                    + " past " + offset + "); raise sizeCapBytes, lower retain, or keep less state. The previous"
                    + " checkpoint is intact", temp.toString(), offset, null);
        }
    }

    private void queue(ByteBuffer b) throws CheckpointException {
        if (pendingCount == MAX_BUFFERS) {
            flush();
        }
        pending[pendingCount++] = b;
        pendingBytes += b.remaining();
        offset += b.remaining();
        if (pendingBytes >= FLUSH_BYTES) {
            flush();
        }
    }

    /** Writes out everything queued, so the caller may reuse the buffers it queued. */
    void flush() throws CheckpointException {
        long at = offset - pendingBytes;
        try {
            int first = 0;
            while (pendingBytes > 0) {
                long n = channel.write(pending, first, pendingCount - first);
                pendingBytes -= n;
                at += n;
                while (first < pendingCount && !pending[first].hasRemaining()) {
                    first++;
                }
            }
        } catch (IOException e) {
            throw CheckpointFailures.writeFailed(e, Step.WRITE, temp, at, header.sequence());
        }
        java.util.Arrays.fill(pending, 0, pendingCount, null);
        pendingCount = 0;
        arena.clear();
    }
}
