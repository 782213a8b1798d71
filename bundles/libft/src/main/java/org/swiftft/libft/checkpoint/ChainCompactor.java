package org.swiftft.libft.checkpoint;

import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.locks.Lock;
import java.util.function.LongConsumer;

import org.swiftft.checkpoint.CheckpointException;
import org.swiftft.libft.checkpoint.CheckpointChain.BlockRef;
import org.swiftft.libft.checkpoint.CheckpointChain.EntryImage;
import org.swiftft.libft.checkpoint.CheckpointChain.VerifiedFiles;
import org.swiftft.libft.checkpoint.CheckpointFormat.Header;

/**
 * Merges a chain of increments into one full checkpoint of the same sequence, in the background, so
 * that recovery never reads more than a bounded chain. The merged file is written under a
 * temporary name, forced, and renamed over the increment it replaces — the directory then holds
 * either that increment or the full checkpoint, both of which restore the same state. Only the
 * rename takes the store's checkpoint lock, so checkpoints go on meanwhile.
 */
final class ChainCompactor {

    private static final System.Logger LOG = System.getLogger(ChainCompactor.class.getName());
    private static final int STAGING = 8 << 20;

    private final Path directory;
    private final String store;
    private final CheckpointFileSystem fs;
    private final Lock checkpointLock;
    /** Told, under the checkpoint lock, that a sequence is now full. */
    private final LongConsumer onCompacted;

    ChainCompactor(Path directory, String store, CheckpointFileSystem fs, Lock checkpointLock, LongConsumer onCompacted) {
        this.directory = directory;
        this.store = store;
        this.fs = fs;
        this.checkpointLock = checkpointLock;
        this.onCompacted = onCompacted;
    }

    /**
     * Compacts the chain ending at {@code sequence}. A damaged chain, a chain that retention removed
     * meanwhile, or an I/O error leaves the increments as they are (they restore the same state) and
     * is logged.
     *
     * @return whether the full checkpoint replaced the increment
     */
    boolean compact(long sequence) {
        long started = System.nanoTime();
        try (VerifiedFiles files = new VerifiedFiles(directory)) {
            CheckpointChain chain = CheckpointChain.resolve(files, sequence, store);
            if (chain.header().full()) {
                return false;
            }
            CheckpointWriter writer = write(chain, started);
            return publish(writer, sequence, started);
        } catch (CheckpointException e) {
            // Retention removed the chain meanwhile: a newer checkpoint made it useless.
            boolean gone = e.getCause() instanceof java.nio.file.NoSuchFileException;
            LOG.log(gone ? Level.DEBUG : Level.WARNING, "checkpoint store ''{0}'': compaction of checkpoint {1} abandoned: {2}; its"
                    + " increments stay and restore the same state", store, sequence, e.getMessage());
            return false;
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "checkpoint store ''{0}'': compaction of checkpoint {1} abandoned: {2}; its"
                    + " increments stay and restore the same state", store, sequence, e.getMessage());
            return false;
        }
    }

    private CheckpointWriter write(CheckpointChain chain, long started) throws CheckpointException {
        Header tip = chain.header();
        Header header = new Header(CheckpointFormat.VERSION, store, tip.sequence(), true, tip.sequence(), -1,
                tip.journalPosition(), tip.time(), tip.blockBytes());
        CheckpointWriter writer = CheckpointWriter.start(fs, directory, header, Long.MAX_VALUE);
        try {
            ByteBuffer staging = ByteBuffer.allocateDirect(Math.max(STAGING, tip.blockBytes()));
            for (EntryImage entry : chain.entries().values()) {
                writer.entry(entry.name(), entry.type(), entry.totalLength(), entry.blocks().length);
                for (int i = 0; i < entry.blocks().length; i++) {
                    BlockRef ref = entry.blocks()[i];
                    if (staging.remaining() < ref.length()) {
                        writer.flush(); // the staged blocks are written out before their memory is reused
                        staging.clear();
                    }
                    ByteBuffer block = staging.slice(staging.position(), ref.length());
                    staging.position(staging.position() + ref.length());
                    CheckpointChain.read(ref, block);
                    writer.block(i, block, ref.crc());
                }
            }
            writer.finish((System.nanoTime() - started) / 1_000_000);
            return writer;
        } catch (CheckpointException | RuntimeException e) {
            writer.abandon();
            throw e;
        }
    }

    private boolean publish(CheckpointWriter writer, long sequence, long started) throws CheckpointException {
        checkpointLock.lock();
        try {
            if (!Files.exists(writer.target())) {
                writer.abandon(); // retention removed the increment meanwhile: a newer chain made it useless
                return false;
            }
            try {
                writer.publish();
            } catch (CheckpointException e) {
                writer.abandonTemporary();
                throw e;
            }
            onCompacted.accept(sequence);
        } finally {
            checkpointLock.unlock();
        }
        LOG.log(Level.DEBUG, "checkpoint store ''{0}'': chain compacted into full checkpoint {1} in {2} ms", store,
                sequence, (System.nanoTime() - started) / 1_000_000);
        return true;
    }
}
