package org.swiftft.replication.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.swiftft.libft.replication.wire.Operation;
import org.swiftft.libft.replication.wire.OperationCodec;

/**
 * A random stream of operations over a few directories and files, applied to the primary's
 * directory (as libft's replicated file API will) and then submitted to the pump. Files range
 * from empty to a few MB; large writes are split as a writer must.
 */
final class Workload {

    private final Random random;
    private final Path directory;
    private final Replayer local;
    private final ReplicationPump pump;
    private final List<String> files = new ArrayList<>();
    private final List<CompletableFuture<Long>> stages = new ArrayList<>();
    private Consumer<Long> onAcknowledged = s -> { };
    private int renames;
    private final ReentrantLock writing;

    Workload(long seed, Path directory, ReplicationPump pump, ReentrantLock writing) throws IOException {
        this.writing = writing;
        this.random = new Random(seed);
        this.directory = directory;
        this.local = new Replayer(directory);
        this.pump = pump;
    }

    Workload onAcknowledged(Consumer<Long> callback) {
        this.onAcknowledged = callback;
        return this;
    }

    /** Runs {@code count} operations; returns the stages of all submitted so far. */
    List<CompletableFuture<Long>> run(int count) throws Exception {
        if (files.isEmpty()) {
            for (int d = 0; d < 3; d++) {
                submit(new Operation.Mkdir("d" + d));
            }
        }
        for (int i = 0; i < count; i++) {
            step();
        }
        return stages;
    }

    private void step() throws Exception {
        int dice = random.nextInt(100);
        if (files.size() < 3 || dice < 8) {
            String name = "d" + random.nextInt(3) + "/f" + random.nextInt(40);
            submit(new Operation.Create(name));
            if (!files.contains(name)) {
                files.add(name);
            }
            return;
        }
        String file = files.get(random.nextInt(files.size()));
        long size = Files.size(directory.resolve(file));
        if (dice < 45) {
            long position = size == 0 ? 0 : (long) (random.nextDouble() * size);
            write(file, position, smallOrLarge(), false);
        } else if (dice < 75) {
            write(file, size, smallOrLarge(), true);
        } else if (dice < 80) {
            submit(new Operation.Truncate(file, size == 0 ? 0 : (long) (random.nextDouble() * size)));
        } else if (dice < 84) {
            submit(new Operation.Force(file));
        } else if (dice < 88) {
            submit(new Operation.SetAttributes(file, 0600 | random.nextInt(0100), 1_500_000_000_000L + random.nextInt()));
        } else if (dice < 94) {
            String target = "d" + random.nextInt(3) + "/r" + (renames++ % 30);
            submit(new Operation.Rename(file, target));
            files.remove(file);
            if (!files.contains(target)) {
                files.add(target);
            }
        } else if (dice < 97) {
            submit(new Operation.Delete(file));
            files.remove(file);
        } else {
            submit(new Operation.Mkdir("d3"));
            submit(new Operation.Rmdir("d3"));
        }
    }

    /** Mostly small writes; one in fifty up to 3 MB, so files reach a few MB. */
    private int smallOrLarge() {
        return random.nextInt(50) == 0 ? random.nextInt(3 << 20) : random.nextInt(8192);
    }

    private void write(String file, long position, int length, boolean append) throws Exception {
        long at = position;
        int left = length;
        do {
            byte[] data = new byte[Math.min(left, OperationCodec.MAX_DATA_BYTES)];
            random.nextBytes(data);
            submit(append ? new Operation.Append(file, at, data) : new Operation.WriteAt(file, at, data));
            at += data.length;
            left -= data.length;
        } while (left > 0);
    }

    private void submit(Operation operation) throws Exception {
        CompletableFuture<Long> stage;
        writing.lock(); // a resync reads the directory only between operations
        try {
            local.apply(operation, "primary");
            stage = pump.submit(operation).toCompletableFuture();
        } finally {
            writing.unlock();
        }
        stage.thenAccept(onAcknowledged);
        stages.add(stage);
    }
}
