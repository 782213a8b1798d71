package org.swiftft.libft.checkpoint;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;

import org.swiftft.checkpoint.CheckpointDTO;
import org.swiftft.checkpoint.CheckpointOptions;
import org.swiftft.checkpoint.CheckpointStore;
import org.swiftft.checkpoint.CriticalRegion;

/**
 * Checkpoint benchmarks (not run by surefire): a full checkpoint of 1, 20 and 211 MB against a raw
 * fdatasync'd sequential write of the same bytes in the same run; increments with 1 % and 10 % of
 * blocks dirty, through write() and through buffer(), as a fraction of a full checkpoint; recovery
 * of 211 MB. Prints medians with min–max.
 *
 * <pre>java -cp target/classes:target/test-classes:$(cat target/cp.txt) org.swiftft.libft.checkpoint.CheckpointBench [dir] [runs]</pre>
 */
public final class CheckpointBench {

    private static final int MB = 1_000_000;

    private CheckpointBench() {
    }

    public static void main(String[] args) throws Exception {
        Path base = Path.of(args.length > 0 ? args[0] : "target/bench");
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Files.createDirectories(base);
        double full211 = 0;
        for (int mb : new int[] {1, 20, 211}) {
            full211 = full(base.resolve("full-" + mb), mb * MB, runs);
        }
        incremental(base.resolve("incremental"), 211 * MB, runs, full211);
        recovery(base.resolve("recovery"), 211 * MB, runs);
    }

    /** @return the median time of a full checkpoint */
    private static double full(Path dir, int size, int runs) throws Exception {
        List<Double> raw = new ArrayList<>();
        List<Double> checkpoint = new ArrayList<>();
        try (CheckpointStore store = Checkpoints.open(dir, "bench", new CheckpointOptions(0, 1, 64 << 10, 0, 1L << 40))) {
            CriticalRegion region = store.allocate("state", size);
            fillRandom(region);
            store.checkpoint(); // warm-up
            rawWrite(dir.resolve("raw.bin"), region.buffer());
            for (int i = 0; i < runs; i++) {
                raw.add(rawWrite(dir.resolve("raw.bin"), region.buffer()));
                long t = System.nanoTime();
                store.checkpoint();
                checkpoint.add(millis(t));
            }
        }
        double ratio = median(raw) / median(checkpoint);
        System.out.printf("full %4d MB: checkpoint %s ms, raw write+fdatasync %s ms, ratio %.2f of raw%n",
                size / MB, stats(checkpoint), stats(raw), ratio);
        clean(dir);
        return median(checkpoint);
    }

    private static void incremental(Path dir, int size, int runs, double fullMedian) throws Exception {
        try (CheckpointStore store = Checkpoints.open(dir, "bench", new CheckpointOptions(0, 1, 64 << 10, 1_000_000, 1L << 40))) {
            CriticalRegion tracked = store.allocate("tracked", size);
            fillRandom(tracked);
            List<Double> full = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                fillRandom(tracked); // every block dirty
                long t = System.nanoTime();
                store.checkpoint();
                full.add(millis(t));
            }
            System.out.printf("incremental, %d MB, 64 KiB blocks; all blocks dirty: %s ms%n", size / MB, stats(full));
            for (double dirty : new double[] {0.01, 0.10}) {
                List<Double> viaWrite = dirtyRuns(store, tracked, false, dirty, runs);
                List<Double> raw = new ArrayList<>();
                for (int i = 0; i < runs; i++) {
                    raw.add(rawDurableNewFile(dir, (int) (size * dirty)));
                }
                System.out.printf("  %2.0f %% dirty via write():  %s ms = %.1f %% of a full checkpoint; the same bytes as a new"
                        + " file, fdatasync'd, renamed, directory fsync'd: %s ms%n", dirty * 100, stats(viaWrite),
                        100 * median(viaWrite) / fullMedian, stats(raw));
            }
            store.unregister("tracked");
            CriticalRegion exposed = store.allocate("exposed", size);
            fillRandom(exposed);
            exposed.buffer();
            store.checkpoint(); // the first after exposure writes it whole and keeps fingerprints
            for (double dirty : new double[] {0.01, 0.10}) {
                List<Double> viaBuffer = dirtyRuns(store, exposed, true, dirty, runs);
                System.out.printf("  %2.0f %% dirty via buffer(): %s ms = %.1f %% of a full checkpoint%n", dirty * 100,
                        stats(viaBuffer), 100 * median(viaBuffer) / fullMedian);
            }
        }
        clean(dir);
    }

    private static List<Double> dirtyRuns(CheckpointStore store, CriticalRegion region, boolean viaBuffer, double dirty,
            int runs) throws Exception {
        List<Double> times = new ArrayList<>();
        int blocks = region.size() / (64 << 10);
        ByteBuffer view = viaBuffer ? region.buffer() : null; // buffer() would make the region compared, not tracked
        for (int i = 0; i < runs + 1; i++) {
            Random random = new Random(i);
            for (int k = 0; k < blocks * dirty; k++) {
                int at = random.nextInt(blocks) * (64 << 10) + random.nextInt(64 << 10);
                if (viaBuffer) {
                    view.put(at, (byte) random.nextInt());
                } else {
                    region.write(at, ByteBuffer.wrap(new byte[] {(byte) random.nextInt()}));
                }
            }
            long t = System.nanoTime();
            CheckpointDTO dto = store.checkpoint();
            if (i > 0) { // the first is a warm-up
                times.add(millis(t));
            }
            if (dto.kind != CheckpointDTO.Kind.INCREMENTAL) {
                throw new IllegalStateException("expected an increment: " + dto.kind);
            }
        }
        return times;
    }

    private static void recovery(Path dir, int size, int runs) throws Exception {
        CheckpointOptions options = new CheckpointOptions(0, 1, 64 << 10, 0, 1L << 40);
        try (CheckpointStore store = Checkpoints.open(dir, "bench", options)) {
            fillRandom(store.allocate("state", size));
            store.checkpoint();
        }
        List<Double> times = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            try (CheckpointStore store = Checkpoints.open(dir, "bench", options)) {
                store.allocate("state", size);
                long t = System.nanoTime();
                store.recover().orElseThrow();
                times.add(millis(t));
            }
        }
        System.out.printf("recovery %d MB (file in the page cache): %s ms%n", size / MB, stats(times));
        clean(dir);
    }

    private static int rawFiles;

    /**
     * What an increment's bytes cost the disk with the same durability steps, and nothing else. The
     * files are kept, as a chain of increments keeps them: on this ext4, writing a new file while the
     * earlier ones stay is about ten times slower than when each is deleted before the next.
     */
    private static double rawDurableNewFile(Path dir, int bytes) throws Exception {
        Path temporary = dir.resolve("raw.tmp");
        Path target = dir.resolve("raw-" + rawFiles++ + ".bin");
        ByteBuffer data = ByteBuffer.allocateDirect(bytes);
        long t = System.nanoTime();
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            while (data.hasRemaining()) {
                channel.write(data);
            }
            channel.force(false);
        }
        Files.move(temporary, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
            directory.force(true);
        }
        return millis(t);
    }

    private static double rawWrite(Path file, ByteBuffer bytes) throws Exception {
        Files.deleteIfExists(file);
        long t = System.nanoTime();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer b = bytes.duplicate().clear();
            while (b.hasRemaining()) {
                int end = Math.min(b.limit(), b.position() + (4 << 20));
                channel.write(b.duplicate().limit(end));
                b.position(end);
            }
            channel.force(false);
        }
        double ms = millis(t);
        Files.delete(file);
        return ms;
    }

    /** Through write(), so the region stays tracked (not exposed) unless the caller exposes it. */
    private static void fillRandom(CriticalRegion region) {
        byte[] chunk = new byte[1 << 20];
        ThreadLocalRandom.current().nextBytes(chunk);
        for (int at = 0; at < region.size(); at += chunk.length) {
            region.write(at, ByteBuffer.wrap(chunk, 0, Math.min(chunk.length, region.size() - at)));
        }
    }

    private static double millis(long nanos) {
        return (System.nanoTime() - nanos) / 1e6;
    }

    private static double median(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static String stats(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return String.format("%.1f (%.1f–%.1f)", median(values), v[0], v[v.length - 1]);
    }

    private static void clean(Path dir) throws Exception {
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(dir);
    }
}
