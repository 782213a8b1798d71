package org.swiftft.libft.checkpoint;

import static org.swiftft.libft.checkpoint.CheckpointFormat.blockCount;
import static org.swiftft.libft.checkpoint.CheckpointFormat.blockLength;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.stream.IntStream;

import org.swiftft.checkpoint.CheckpointException;
import org.swiftft.checkpoint.CheckpointException.Reason;
import org.swiftft.checkpoint.StateProvider;

/**
 * A registered {@link StateProvider} and the fingerprints of the bytes it saved at the last durable
 * checkpoint: its bytes are saved whole each time, but only the blocks whose fingerprint changed
 * are written.
 */
final class ProviderSlot {

    private final String name;
    private final StateProvider provider;
    private final int blockBytes;
    /** Guarded by the store's checkpoint lock; null until a checkpoint with this provider is durable. */
    private long[] fingerprints;
    private long length = -1;

    ProviderSlot(String name, StateProvider provider, int blockBytes) {
        this.name = name;
        this.provider = provider;
        this.blockBytes = blockBytes;
    }

    StateProvider provider() {
        return provider;
    }

    /** Saves the provider's state and picks the blocks that differ from the last checkpoint. */
    BlockCapture capture(boolean full, long sequence) throws CheckpointException {
        SavedBytes out = new SavedBytes();
        try {
            provider.save(out);
        } catch (IOException | RuntimeException e) {
            throw new CheckpointException(Reason.PROVIDER_FAILED, "checkpoint " + sequence + " failed: state provider '"
                    + name + "' threw " + e + " while saving; the previous checkpoint is intact. Fix the provider"
                    + " (its cause is attached)", null, -1, e);
        }
        ByteBuffer bytes = out.bytes();
        int total = bytes.remaining();
        int blocks = blockCount(total, blockBytes);
        long[] fresh = new long[blocks];
        ByteBuffer[] all = new ByteBuffer[blocks];
        for (int i = 0; i < blocks; i++) {
            all[i] = bytes.slice(i * blockBytes, blockLength(total, blockBytes, i));
            fresh[i] = BlockHashes.fingerprint(all[i]);
        }
        long[] before = full ? null : fingerprints;
        // When the length changed, the old last block may have grown or shrunk: rewrite it and all after.
        int firstResized = length == total || before == null ? blocks : Math.max(0, blockCount(length, blockBytes) - 1);
        int[] changed = IntStream.range(0, blocks)
                .filter(i -> before == null || i >= firstResized || i >= before.length || before[i] != fresh[i])
                .toArray();
        ByteBuffer[] data = new ByteBuffer[changed.length];
        int[] crcs = new int[changed.length];
        for (int k = 0; k < changed.length; k++) {
            data[k] = all[changed[k]];
            crcs[k] = BlockHashes.crc32c(fresh[changed[k]]);
        }
        return new BlockCapture(name, CheckpointFormat.TYPE_PROVIDER, total, changed, data, crcs, () -> {
            fingerprints = fresh;
            length = total;
        });
    }

    /** Gives the provider its saved bytes back. */
    void restore(byte[] saved) throws IOException {
        provider.restore(new ByteArrayInputStream(saved));
    }

    /** A ByteArrayOutputStream whose bytes can be read without a copy. */
    private static final class SavedBytes extends ByteArrayOutputStream {
        SavedBytes() {
            super(1 << 12);
        }

        ByteBuffer bytes() {
            return ByteBuffer.wrap(buf, 0, count).slice();
        }
    }
}
