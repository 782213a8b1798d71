package org.swiftft.libft.checkpoint;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;

import org.swiftft.checkpoint.CheckpointOptions;
import org.swiftft.checkpoint.CheckpointStore;
import org.swiftft.checkpoint.CriticalRegion;

/**
 * The state of the crash test's child: a region changed through write() and through its buffer,
 * and a provider whose bytes change and change length. Step n's state depends only on n, so the
 * test can check a recovered state against the digest the child reported for its step.
 */
final class CrashState implements AutoCloseable {

    static final CheckpointOptions OPTIONS = new CheckpointOptions(0, 2, 4096, 3, 1L << 30);
    static final int SIZE = 256 << 10;

    final CheckpointStore store;
    final CriticalRegion region;
    final ByteBuffer view;
    final BytesProvider provider = new BytesProvider(new byte[0]);

    CrashState(Path directory) throws Exception {
        store = Checkpoints.open(directory, "crash", OPTIONS);
        region = store.allocate("region", SIZE);
        view = region.buffer();
        store.register("provider", provider);
    }

    /** The step the state is at: kept in the region's first 8 bytes. */
    long step() {
        return view.getLong(0);
    }

    /** Moves to the next step, deterministically. */
    void advance() {
        long step = step() + 1;
        Random random = new Random(step * 0x9E3779B97F4A7C15L);
        for (int i = 0; i < 6; i++) {
            byte[] bytes = new byte[1 + random.nextInt(6000)];
            random.nextBytes(bytes);
            region.write(8 + random.nextInt(SIZE - 8 - bytes.length), ByteBuffer.wrap(bytes));
        }
        for (int i = 0; i < 2; i++) {
            view.put(8 + random.nextInt(SIZE - 8), (byte) random.nextInt());
        }
        byte[] state = Arrays.copyOf(provider.state, random.nextInt(20_000));
        for (int i = 0; i < 10 && state.length > 0; i++) {
            state[random.nextInt(state.length)] = (byte) random.nextInt();
        }
        provider.state = state;
        region.write(0, ByteBuffer.allocate(8).putLong(0, step));
    }

    String digest() throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update(view.duplicate().clear());
        sha.update(provider.state);
        return HexFormat.of().formatHex(sha.digest());
    }

    @Override
    public void close() {
        store.close();
    }
}
