package org.swiftft.itest;

import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.WRITE;
import static org.swiftft.itest.ReplicationBenchSupport.median;
import static org.swiftft.itest.ReplicationBenchSupport.quantile;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

/**
 * Replay-mode lag: the time from a write through libft (its call started) until the backup's copy of
 * the file holds the bytes, i.e. the backup has applied the operation to its directory. One 64-byte
 * record appended at a time, {@code gap} ms apart so each is measured on its own (no queue behind
 * it), on the sets given (rep-async by default); the backup's file size is polled every ~60 µs
 * (parkNanos(20 µs) plus the timer slack), which bounds the resolution.
 *
 * <pre>
 * java -cp CLASSES org.swiftft.itest.ReplicationLagBench /tmp/swift-rep/primary /tmp/swift-rep/backup 500 [gapMs] [set...]
 * </pre>
 */
public final class ReplicationLagBench {

    public static void main(String[] args) throws Exception {
        Path primary = Path.of(args[0]).toAbsolutePath();
        Path backup = Path.of(args[1]).toAbsolutePath();
        int records = Integer.parseInt(args[2]);
        int gapMs = args.length > 3 ? Integer.parseInt(args[3]) : 10;
        List<String> sets = args.length > 4 ? List.of(args).subList(4, args.length) : List.of("rep-async");
        for (String set : sets) {
            measure(primary, backup, set, records, gapMs);
        }
    }

    private static void measure(Path primary, Path backup, String set, int records, int gapMs) throws Exception {
        String name = "lag-" + System.currentTimeMillis();
        Path onBackup = backup.resolve("data").resolve(set).resolve(name);
        List<Double> callMs = new ArrayList<>();
        List<Double> lagMs = new ArrayList<>();
        byte[] record = new byte[64];
        try (ReplicationBenchSupport.Writer writer = new ReplicationBenchSupport.Writer(primary, set);
                FileChannel channel = writer.channel(Path.of(name), CREATE_NEW, WRITE)) {
            int warm = Math.max(50, records / 10);
            for (int i = 0; i < warm + records; i++) {
                long start = System.nanoTime();
                channel.write(ByteBuffer.wrap(record));
                long returned = System.nanoTime();
                long size = (long) (i + 1) * record.length;
                while (sizeOf(onBackup) < size) {
                    LockSupport.parkNanos(20_000);
                    if (System.nanoTime() - start > 30_000_000_000L) {
                        throw new IllegalStateException(onBackup + " did not reach " + size + " bytes in 30 s");
                    }
                }
                long applied = System.nanoTime();
                if (i >= warm) {
                    callMs.add((returned - start) / 1e6);
                    lagMs.add((applied - start) / 1e6);
                }
                Thread.sleep(gapMs);
            }
            channel.close();
            writer.deleteIfExists(Path.of(name));
        }
        Collections.sort(lagMs);
        System.out.printf(Locale.ROOT, "%s, %d records of 64 B, %d ms apart:%n", set, records, gapMs);
        System.out.printf(Locale.ROOT, "| write call returned | p50 %.3f ms | p99 %.3f ms | max %.3f ms |%n",
                median(callMs), quantile(callMs, 0.99), quantile(callMs, 1.0));
        System.out.printf(Locale.ROOT, "| write → applied on the backup | p50 %.3f ms | p99 %.3f ms | min–max %.3f–%.3f ms |%n",
                median(lagMs), quantile(lagMs, 0.99), lagMs.get(0), lagMs.get(lagMs.size() - 1));
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (java.io.IOException absentYet) {
            return -1;
        }
    }
}
