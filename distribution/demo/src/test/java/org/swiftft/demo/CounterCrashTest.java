package org.swiftft.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every acknowledged change survives SIGKILL: clients add to their own key concurrently, the counter
 * is killed while they do, and on restart each key holds exactly what was acknowledged, plus at most
 * the one change that was in flight. {@code -Dcounter.crash.seed} repeats a run.
 */
@Timeout(300)
class CounterCrashTest {

    private static final int CLIENTS = 3;
    private static final int ROUNDS = 6;

    @TempDir
    Path root;

    /** Changes unacknowledged at a kill, yet recovered: allowed, and a sign that kills hit changes in flight. */
    private int keptInFlight;

    /** One client's key: what the counter acknowledged, and whether a change was on its way at the kill. */
    private static final class Tally {
        final String key;
        volatile long acknowledged;
        volatile boolean inFlight;

        Tally(String key) {
            this.key = key;
        }
    }

    @Test
    void acknowledgedChangesSurviveSigkillsWithCheckpointsBetween() throws Exception {
        long seed = Long.getLong("counter.crash.seed", System.nanoTime());
        Random random = new Random(seed);
        Path dir = root.resolve("set");
        List<Tally> tallies = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            tallies.add(new Tally("client-" + i));
        }
        long changes = 0;
        for (int round = 0; round <= ROUNDS; round++) {
            String context = "seed " + seed + ", round " + round;
            try (CounterProcess counter = CounterProcess.start(dir, Map.of(), "--port", "0", "--checkpoint-every", "7")) {
                int port = counter.awaitServing();
                long seq = verifyRecovered(port, tallies, context);
                assertTrue(seq >= changes, context + ": recovered seq " + seq + " < " + changes + " acknowledged");
                changes = seq;
                if (round == ROUNDS) {
                    break; // the last start only checks
                }
                changes += addUntilKilled(counter, port, tallies, 50 + random.nextInt(40), context);
            }
        }
        assertTrue(changes >= 300, "only " + changes + " changes were acknowledged (seed " + seed + ")");
        assertTrue(Files.exists(dir.resolve(CounterRecovery.SNAPSHOT)), "checkpoints were taken");
        System.out.printf("CounterCrashTest: %d kills (seed %d), %d changes kept, %d of them in flight at a kill%n",
                ROUNDS, seed, changes, keptInFlight);
    }

    /**
     * Each key's total is what was acknowledged, or one more when a change was in flight (all deltas are
     * 1), and the seq counts every change: the sum of the totals. Returns the seq.
     */
    private long verifyRecovered(int port, List<Tally> tallies, String context) throws IOException {
        try (CounterClient client = new CounterClient(port)) {
            long sum = 0;
            for (Tally tally : tallies) {
                long total = client.get(tally.key);
                long lost = tally.acknowledged - total;
                assertTrue(lost <= 0, context + ": " + tally.key + " lost " + lost + " acknowledged changes");
                assertTrue(total - tally.acknowledged <= (tally.inFlight ? 1 : 0), context + ": " + tally.key + " is "
                        + total + ", acknowledged " + tally.acknowledged + (tally.inFlight ? " and one in flight" : ""));
                keptInFlight += (int) (total - tally.acknowledged);
                tally.acknowledged = total; // an in-flight change that was kept is part of the state from now on
                tally.inFlight = false;
                sum += total;
            }
            assertEquals("SEQ " + sum, client.ask("SEQ"), context + ": one seq per change");
            return sum;
        }
    }

    /** Runs the clients until {@code kills} changes are acknowledged, SIGKILLs the counter among them; returns acknowledged. */
    private static long addUntilKilled(CounterProcess counter, int port, List<Tally> tallies, int killAfter, String context)
            throws Exception {
        Semaphore acks = new Semaphore(0);
        ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
        List<Thread> clients = new ArrayList<>();
        for (Tally tally : tallies) {
            Thread client = new Thread(() -> add(port, tally, acks, wrong), "client-" + tally.key);
            client.start();
            clients.add(client);
        }
        assertTrue(acks.tryAcquire(killAfter, 60, TimeUnit.SECONDS), context + ": fewer than " + killAfter
                + " acknowledgements in 60 s; wrong answers: " + wrong + "\nstderr: " + counter.stderr());
        counter.kill(); // the clients are adding: some change is in flight, most likely
        for (Thread client : clients) {
            client.join();
        }
        assertTrue(wrong.isEmpty(), context + ": " + wrong);
        return killAfter + acks.availablePermits();
    }

    /** ADD KEY 1 until the connection breaks, checking each answer's total. */
    private static void add(int port, Tally tally, Semaphore acks, ConcurrentLinkedQueue<String> wrong) {
        try (CounterClient client = new CounterClient(port)) {
            while (true) {
                tally.inFlight = true;
                String answer = client.ask("ADD " + tally.key + " 1");
                if (answer == null) {
                    return; // killed: the change in flight may or may not be kept
                }
                String[] words = answer.split(" ");
                if (words.length != 4 || !words[0].equals("OK") || Long.parseLong(words[2]) != tally.acknowledged + 1) {
                    wrong.add(tally.key + " acknowledged " + tally.acknowledged + ", then '" + answer + "'");
                    return;
                }
                tally.acknowledged++;
                tally.inFlight = false;
                acks.release();
            }
        } catch (IOException e) {
            // the connection broke with the counter
        }
    }
}
