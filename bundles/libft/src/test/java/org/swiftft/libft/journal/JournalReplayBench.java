package org.swiftft.libft.journal;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.swiftft.journal.Durability;
import org.swiftft.journal.Journal;
import org.swiftft.journal.JournalOptions;

/**
 * Recovery cost of a large journal: open (the scan that checks every record) and a replay of every
 * record, cold-ish (after the writer closed) and warm. Not run by the build:
 * {@code java -cp libft.jar:test-classes org.swiftft.libft.journal.JournalReplayBench DIR GIB EVENT_BYTES}.
 */
public final class JournalReplayBench {

    private JournalReplayBench() {
    }

    public static void main(String[] args) throws Exception {
        Path directory = Files.createTempDirectory(Path.of(args.length > 0 ? args[0] : "/tmp"), "replay-bench");
        double gib = args.length > 1 ? Double.parseDouble(args[1]) : 1.0;
        int eventBytes = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        long events = (long) (gib * (1L << 30) / (eventBytes + 24));
        JournalOptions options = new JournalOptions(Durability.PERIODIC, 200, 1000, 1 << 20, 4L << 30, 256L << 20);
        long start = System.nanoTime();
        try (Journal journal = Journals.open(directory, "big", options)) {
            ByteBuffer event = ByteBuffer.allocate(eventBytes);
            CompletableFuture<Long> last = null;
            for (long i = 0; i < events; i++) {
                last = journal.appendAsync(event.duplicate()).toCompletableFuture();
            }
            last.join();
        }
        System.out.printf("wrote %d events of %d bytes (%.2f GiB) in %.1f s%n", events, eventBytes, gib,
                (System.nanoTime() - start) / 1e9);
        if (args.length > 3 && args[3].equals("cold")) { // needs root: what a restart after a reboot reads
            Files.writeString(Path.of("/proc/sys/vm/drop_caches"), "3");
        }
        for (int round = 1; round <= 3; round++) {
            long opened = System.nanoTime();
            try (Journal journal = Journals.open(directory, "big", options)) {
                long scanned = System.nanoTime();
                AtomicLong bytes = new AtomicLong();
                long lastReplayed = journal.replay(1, record -> bytes.addAndGet(record.payload().remaining()));
                long replayed = System.nanoTime();
                System.out.printf("round %d: open (checks every record) %.2f s, replay of %d records (%.2f GiB) %.2f s%n", round,
                        (scanned - opened) / 1e9, lastReplayed, bytes.get() / (double) (1L << 30), (replayed - scanned) / 1e9);
            }
        }
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        }
    }
}
