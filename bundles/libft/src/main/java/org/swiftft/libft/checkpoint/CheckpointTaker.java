package org.swiftft.libft.checkpoint;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.swiftft.checkpoint.CheckpointDTO;
import org.swiftft.checkpoint.CheckpointException;
import org.swiftft.checkpoint.CheckpointOptions;
import org.swiftft.libft.checkpoint.CheckpointFormat.Header;

/**
 * Takes a store's checkpoints one after another and keeps the chain they form: which sequence is
 * next, whether the next is full or an increment of the last, when a chain is long enough to be
 * compacted. Not thread-safe: the store calls it under its checkpoint lock.
 */
final class CheckpointTaker {

    private static final System.Logger LOG = System.getLogger(CheckpointTaker.class.getName());

    private final Path directory;
    private final String store;
    private final CheckpointOptions options;
    private final CheckpointFileSystem fs;
    private long nextSequence;
    private long lastSequence = -1;
    private long baseSequence = -1;
    private int increments;
    /** Set at start, after a recovery and after a failed checkpoint: the fingerprints kept may not match the disk. */
    private boolean fullNext = true;
    /** Headers of the files this store wrote or read, for retention; a compacted or deleted file's is dropped. */
    private final Map<Long, Header> headers = new ConcurrentHashMap<>();

    /** A durable checkpoint, and whether its chain should now be compacted. */
    record Taken(CheckpointDTO checkpoint, boolean compact) {
    }

    /** Where retention's unlinks run, off the checkpoint's path. */
    private final java.util.concurrent.Executor unlinker;

    CheckpointTaker(Path directory, String store, CheckpointOptions options, CheckpointFileSystem fs, long nextSequence,
            java.util.concurrent.Executor unlinker) {
        this.unlinker = unlinker;
        this.directory = directory;
        this.store = store;
        this.options = options;
        this.fs = fs;
        this.nextSequence = nextSequence;
    }

    /**
     * Writes the blocks of {@code regions} and {@code providers} that changed since the last
     * checkpoint (all of them if this one is full), makes the file durable, and then drops what
     * retention no longer needs.
     */
    Taken take(Collection<OffHeapRegion> regions, Collection<ProviderSlot> providers, long journalPosition)
            throws CheckpointException {
        long started = System.nanoTime();
        long sequence = nextSequence;
        boolean full = fullNext || increments >= options.maxIncrements()
                || !Files.exists(directory.resolve(CheckpointFormat.fileName(lastSequence)));
        Header header = new Header(CheckpointFormat.VERSION, store, sequence, full, full ? sequence : baseSequence,
                full ? -1 : lastSequence, journalPosition, System.currentTimeMillis(), options.blockBytes());
        fullNext = true; // until this one is durable
        List<BlockCapture> captures = capture(regions, providers, full, sequence);
        Retention planned = Retention.before(directory, options.retain(), header.previousSequence(), headers);
        CheckpointWriter writer = CheckpointWriter.start(fs, directory, header, options.sizeCapBytes() - planned.keptBytes());
        long size;
        try {
            for (BlockCapture c : captures) {
                writer.entry(c.name(), c.type(), c.totalLength(), c.changed().length);
                for (int k = 0; k < c.changed().length; k++) {
                    writer.block(c.changed()[k], c.data()[k], c.crcs()[k]);
                }
            }
            size = writer.finish(millisSince(started));
            writer.publish();
        } catch (CheckpointException | RuntimeException e) {
            writer.abandon();
            throw e;
        }
        captures.forEach(c -> c.onDurable().run());
        headers.put(sequence, header);
        lastSequence = sequence;
        baseSequence = header.baseSequence();
        nextSequence++;
        increments = full ? 0 : increments + 1;
        fullNext = false;
        dropUnretained();
        CheckpointDTO dto = CheckpointFiles.describe(header, writer.target(), size, writer.stateBytes(), millisSince(started));
        return new Taken(dto, !full && options.maxIncrements() > 0 && increments >= options.maxIncrements());
    }

    /** A compaction made {@code sequence} a full checkpoint: if it is the last, the next may be an increment of it. */
    void compacted(long sequence) {
        headers.remove(sequence);
        if (sequence == lastSequence) {
            increments = 0;
            baseSequence = sequence;
        }
    }

    /** After a recovery, memory no longer matches the fingerprints kept: the next checkpoint is full. */
    void recovered(long newestOnDisk) {
        fullNext = true;
        nextSequence = Math.max(nextSequence, newestOnDisk + 1);
    }

    /** What retention keeps now. */
    Retention retention() throws CheckpointException {
        return Retention.after(directory, options.retain(), headers);
    }

    private static List<BlockCapture> capture(Collection<OffHeapRegion> regions, Collection<ProviderSlot> providers,
            boolean full, long sequence) throws CheckpointException {
        List<BlockCapture> captures = new ArrayList<>();
        for (OffHeapRegion region : regions) {
            captures.add(region.capture(full));
        }
        for (ProviderSlot provider : providers) {
            captures.add(provider.capture(full, sequence));
        }
        return captures;
    }

    /** Retention after a durable checkpoint; a failure here loses nothing, so it is logged, not thrown. */
    private void dropUnretained() {
        try {
            Retention retention = retention();
            retention.apply(fs, directory, unlinker);
            retention.delete().forEach(headers::remove);
        } catch (IOException | CheckpointException e) {
            LOG.log(Level.WARNING, "checkpoint store ''{0}'': could not remove old checkpoints in {1}: {2};"
                    + " they are removed after a later checkpoint", store, directory, e.toString());
        }
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }
}
