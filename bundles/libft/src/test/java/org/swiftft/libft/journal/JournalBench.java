package org.swiftft.libft.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.stream.Stream;

import org.swiftft.journal.Durability;
import org.swiftft.journal.Journal;
import org.swiftft.journal.JournalOptions;

/**
 * Journal append benchmark (not a test: surefire runs only *Test classes). 100-byte events, each
 * durability level, 1 and 8 appenders, each either waiting for every acknowledgement (append) or
 * pipelining up to 256 (appendAsync); events/s and acknowledgement latency p50/p99.
 *
 * <pre>
 * mvn -o -q package -DskipTests -pl bundles/api,bundles/libft
 * java -Xmx1g -cp bundles/libft/target/org.swiftft.libft-0.1.0-SNAPSHOT.jar:bundles/libft/target/test-classes \
 *      org.swiftft.libft.journal.JournalBench [directory, default java.io.tmpdir] [seconds per case, default 3]
 * </pre>
 *
 * The api jar is not on that class path on purpose: the libft jar carries org.swiftft.journal.
 */
public final class JournalBench {

    private static final int EVENT_BYTES = 100;
    private static final int PIPELINE = 256;

    private JournalBench() {
    }

    public static void main(String[] args) throws Exception {
        Path base = args.length > 0 ? Path.of(args[0]) : Path.of(System.getProperty("java.io.tmpdir"));
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 3;
        System.out.println("| durability | appenders | mode | events/s | p50 ack µs | p99 ack µs |");
        System.out.println("|---|---|---|---|---|---|");
        for (Durability level : Durability.values()) {
            for (boolean pipelined : new boolean[] { false, true }) {
                for (int appenders : new int[] { 1, 8 }) {
                    Path dir = Files.createTempDirectory(base, "journal-bench");
                    try {
                        run(dir, level, appenders, pipelined, seconds);
                    } finally {
                        delete(dir);
                    }
                }
            }
        }
    }

    private static void run(Path dir, Durability level, int appenders, boolean pipelined, double seconds)
            throws Exception {
        JournalOptions options = new JournalOptions(level, 200, 1_000, 1024, 64L << 30, 64L << 20);
        AtomicLongArray micros = new AtomicLongArray(MAX_MICROS + 1); // latency histogram, 1 µs buckets
        try (Journal journal = Journals.open(dir, "bench", options)) {
            long warmUpEnd = System.nanoTime() + 1_000_000_000L;
            long end = warmUpEnd + (long) (seconds * 1e9);
            Thread[] threads = new Thread[appenders];
            for (int a = 0; a < appenders; a++) {
                threads[a] = new Thread(() -> appendUntil(journal, pipelined, warmUpEnd, end, micros));
                threads[a].start();
            }
            for (Thread t : threads) {
                t.join();
            }
            journal.sync();
        }
        long total = 0;
        for (int i = 0; i <= MAX_MICROS; i++) {
            total += micros.get(i);
        }
        System.out.printf("| %s | %d | %s | %,.0f | %d | %d |%n", level, appenders,
                pipelined ? "appendAsync, " + PIPELINE + " in flight each" : "append", total / seconds,
                percentile(micros, total, 0.50), percentile(micros, total, 0.99));
    }

    private static final int MAX_MICROS = 10_000_000;

    /** Counts every append started after the warm-up and acknowledged before the end. */
    private static void appendUntil(Journal journal, boolean pipelined, long warmUpEnd, long end, AtomicLongArray micros) {
        ByteBuffer event = ByteBuffer.allocate(EVENT_BYTES);
        Semaphore inFlight = new Semaphore(PIPELINE);
        try {
            while (System.nanoTime() < end) {
                long start = System.nanoTime();
                if (pipelined) {
                    inFlight.acquire();
                    journal.appendAsync(event).whenComplete((seq, e) -> {
                        record(start, System.nanoTime(), warmUpEnd, end, micros);
                        inFlight.release();
                    });
                } else {
                    journal.append(event);
                    record(start, System.nanoTime(), warmUpEnd, end, micros);
                }
            }
            inFlight.acquire(PIPELINE);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void record(long start, long acked, long warmUpEnd, long end, AtomicLongArray micros) {
        if (start >= warmUpEnd && acked <= end) {
            micros.incrementAndGet((int) Math.min(MAX_MICROS, (acked - start) / 1_000));
        }
    }

    private static long percentile(AtomicLongArray micros, long total, double p) {
        long rank = (long) Math.ceil(p * total);
        long seen = 0;
        for (int i = 0; i <= MAX_MICROS; i++) {
            seen += micros.get(i);
            if (seen >= rank && seen > 0) {
                return i;
            }
        }
        return -1;
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
