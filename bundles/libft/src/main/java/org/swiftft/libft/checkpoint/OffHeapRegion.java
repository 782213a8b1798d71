package org.swiftft.libft.checkpoint;

import static org.swiftft.libft.checkpoint.CheckpointFormat.blockCount;
import static org.swiftft.libft.checkpoint.CheckpointFormat.blockLength;

import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

import org.swiftft.checkpoint.CriticalRegion;

/**
 * A region of off-heap memory that is part of every checkpoint (t_ftmalloc). Writes through
 * {@link #write} set a bit per block in a dirty bitmap, so finding them costs nothing; once
 * {@link #buffer()} has handed the memory out, writes can no longer be seen, and every block is also
 * compared with its {@link BlockHashes fingerprint} from the last checkpoint.
 */
final class OffHeapRegion implements CriticalRegion {

    private final String name;
    private final int size;
    private final int blockBytes;
    private final ByteBuffer memory;
    /** One bit per block written through {@link #write} since the last capture; atomic because updates run on many threads. */
    private final AtomicLongArray dirty;
    private volatile boolean exposed;
    private volatile boolean released;
    /** Fingerprints at the last durable checkpoint; kept only once exposed, null until then. Guarded by the store's checkpoint lock. */
    private long[] fingerprints;

    OffHeapRegion(String name, int size, int blockBytes) {
        this.name = name;
        this.size = size;
        this.blockBytes = blockBytes;
        this.memory = ByteBuffer.allocateDirect(size);
        this.dirty = new AtomicLongArray((blockCount(size, blockBytes) + 63) / 64);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public ByteBuffer buffer() {
        checkLive();
        exposed = true;
        return memory.duplicate().clear();
    }

    /** Copies {@code src} from position to limit, leaving its position at its limit. */
    @Override
    public void write(int offset, ByteBuffer src) {
        checkLive();
        int length = src.remaining();
        Objects.checkFromIndexSize(offset, length, size);
        memory.put(offset, src, src.position(), length);
        src.position(src.limit());
        markDirty(offset, length);
    }

    /** Fills {@code dst} from position to limit, leaving its position at its limit. */
    @Override
    public void read(int offset, ByteBuffer dst) {
        checkLive();
        int length = dst.remaining();
        Objects.checkFromIndexSize(offset, length, size);
        dst.put(dst.position(), memory, offset, length);
        dst.position(dst.limit());
    }

    /**
     * The blocks to write: all if {@code full}; else those written through {@link #write} since the
     * last capture and, once exposed, those whose fingerprint changed.
     */
    BlockCapture capture(boolean full) {
        int blocks = blockCount(size, blockBytes);
        long[] written = takeDirty();
        if (!exposed) {
            int[] changed = full ? all(blocks) : indexes(written, blocks);
            int[] crcs = new int[changed.length];
            eachBlock(changed.length, k -> crcs[k] = BlockHashes.crc32c(block(changed[k])));
            return capture(changed, crcs, () -> fingerprints = null);
        }
        long[] fresh = new long[blocks];
        eachBlock(blocks, i -> fresh[i] = BlockHashes.fingerprint(block(i)));
        long[] before = fingerprints;
        int[] changed = full || before == null ? all(blocks) : differing(before, fresh, written);
        int[] crcs = new int[changed.length];
        for (int k = 0; k < changed.length; k++) {
            crcs[k] = BlockHashes.crc32c(fresh[changed[k]]);
        }
        return capture(changed, crcs, () -> fingerprints = fresh);
    }

    /** Block {@code index} of the memory, for a restore to read into. */
    ByteBuffer block(int index) {
        return memory.slice(index * blockBytes, blockLength(size, blockBytes, index));
    }

    /** Makes the region unusable: its store is closed or it was unregistered. The memory goes with the last reference. */
    void release() {
        released = true;
    }

    private BlockCapture capture(int[] changed, int[] crcs, Runnable onDurable) {
        ByteBuffer[] data = new ByteBuffer[changed.length];
        for (int k = 0; k < changed.length; k++) {
            data[k] = block(changed[k]);
        }
        return new BlockCapture(name, CheckpointFormat.TYPE_REGION, size, changed, data, crcs, onDurable);
    }

    private void markDirty(int offset, int length) {
        if (length == 0) {
            return;
        }
        int first = offset / blockBytes;
        int last = (offset + length - 1) / blockBytes;
        for (int b = first; b <= last; b++) {
            long bit = 1L << b;
            int word = b >>> 6;
            long seen;
            do {
                seen = dirty.get(word);
            } while ((seen & bit) == 0 && !dirty.compareAndSet(word, seen, seen | bit));
        }
    }

    private long[] takeDirty() {
        long[] words = new long[dirty.length()];
        for (int i = 0; i < words.length; i++) {
            words[i] = dirty.getAndSet(i, 0);
        }
        return words;
    }

    /**
     * Runs {@code action} for 0 to n-1, on every core when there are many blocks: checksumming is
     * CPU-bound, and it is most of what an increment of a large exposed region costs.
     */
    private static void eachBlock(int n, IntConsumer action) {
        IntStream range = IntStream.range(0, n);
        (n >= 64 ? range.parallel() : range).forEach(action);
    }

    private static int[] indexes(long[] words, int blocks) {
        return IntStream.range(0, blocks).filter(i -> (words[i >>> 6] & 1L << i) != 0).toArray();
    }

    private static int[] differing(long[] before, long[] fresh, long[] written) {
        return IntStream.range(0, fresh.length)
                .filter(i -> before[i] != fresh[i] || (written[i >>> 6] & 1L << i) != 0).toArray();
    }

    private static int[] all(int blocks) {
        return IntStream.range(0, blocks).toArray();
    }

    private void checkLive() {
        if (released) {
            throw new IllegalStateException("region '" + name + "' was unregistered or its store closed");
        }
    }
}
