package org.swiftft.libft.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.swiftft.libft.journal.JournalFixtures.text;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.swiftft.journal.Durability;
import org.swiftft.journal.Journal;
import org.swiftft.journal.JournalOptions;

@Timeout(60) // a lost wake-up would otherwise hang the build, not fail it
class JournalConcurrencyTest {

    private static final int THREADS = 8;
    private static final int PER_THREAD = 2_000;

    @TempDir
    Path dir;

    /**
     * Eight threads, half appending and waiting, half pipelining: every acknowledged sequence is
     * unique, together they are 1..N without a gap, and replay returns each thread's event under
     * the sequence that thread was given, in order.
     */
    @Test
    void eightAppendersGetUniqueGaplessSequencesAndReplayReturnsEachEventUnderIt() throws Exception {
        JournalOptions options = new JournalOptions(Durability.GROUP_COMMIT, 200, 1000, 1024, 64L << 20, 64 << 10);
        ConcurrentHashMap<Long, String> acknowledged = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try (Journal journal = Journals.open(dir, "j", options)) {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    start.await();
                    appendAll(journal, thread, acknowledged);
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get();
            }

            long total = (long) THREADS * PER_THREAD;
            assertEquals(total, acknowledged.size());
            assertEquals(total, journal.lastSequence());
            assertEquals(total, replayChecksOrder(journal, acknowledged));
        } finally {
            pool.shutdownNow();
        }
    }

    /** Even threads append and wait, odd ones pipeline; each records what it was acknowledged. */
    private static void appendAll(Journal journal, int thread, Map<Long, String> acknowledged) throws Exception {
        List<CompletableFuture<Long>> pipelined = new ArrayList<>();
        List<String> events = new ArrayList<>();
        for (int i = 0; i < PER_THREAD; i++) {
            String event = "t" + thread + "-" + i;
            if (thread % 2 == 0) {
                assertNull(acknowledged.put(journal.append(text(event)), event), "sequence given twice");
            } else {
                pipelined.add(journal.appendAsync(text(event)).toCompletableFuture());
                events.add(event);
            }
        }
        for (int i = 0; i < pipelined.size(); i++) {
            assertNull(acknowledged.put(pipelined.get(i).join(), events.get(i)), "sequence given twice");
        }
    }

    /** @return the number of records replayed, each checked against what its appender was told */
    private static long replayChecksOrder(Journal journal, Map<Long, String> acknowledged) throws Exception {
        long[] expected = { 1 };
        int[] nextPerThread = new int[THREADS];
        journal.replay(1, r -> {
            assertEquals(expected[0]++, r.sequence(), "in order, no gap");
            String event = text(r.payload());
            assertEquals(acknowledged.get(r.sequence()), event);
            int thread = Integer.parseInt(event.substring(1, event.indexOf('-')));
            int index = Integer.parseInt(event.substring(event.indexOf('-') + 1));
            assertEquals(nextPerThread[thread]++, index, "each thread's events in its call order");
        });
        return expected[0] - 1;
    }
}
