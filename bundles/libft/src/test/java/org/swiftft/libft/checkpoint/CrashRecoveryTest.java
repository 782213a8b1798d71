package org.swiftft.libft.checkpoint;

import static org.junit.jupiter.api.Assertions.*;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real thing: a child JVM checkpoints in a loop and is killed with SIGKILL at random instants;
 * after each kill the state recovered is at least as new as the last one the child acknowledged,
 * and is exactly the state it had at that step. {@code -Dckpt.crash.kills=N} raises the count.
 */
class CrashRecoveryTest {

    static final int KILLS = Integer.getInteger("ckpt.crash.kills", 100);

    @TempDir
    Path dir;

    /** step → digest the child reported before checkpointing it; identical in every run, since state depends only on the step. */
    final Map<Long, String> digests = new ConcurrentHashMap<>();
    /** A step whose digest differed between runs, found on the reader thread. */
    volatile String nondeterministic;

    @Test
    void stateRecoveredAfterSigkillIsTheLastAcknowledgedOrNewerAndExact() throws Exception {
        long lastAcknowledged = 0;
        int newerThanAcknowledged = 0;
        for (int kill = 0; kill < KILLS; kill++) {
            long acknowledged = runAndKill(kill);
            lastAcknowledged = Math.max(lastAcknowledged, acknowledged);
            try (CrashState state = new CrashState(dir)) {
                boolean recovered = state.store.recover().isPresent();
                long step = state.step();
                assertTrue(step >= lastAcknowledged, "kill " + kill + ": recovered step " + step
                        + " is older than the acknowledged " + lastAcknowledged);
                if (recovered) {
                    assertEquals(digests.get(step), state.digest(), "kill " + kill + ": state of step " + step);
                } else { // killed before its first checkpoint was durable: a first start
                    assertEquals(0, step);
                }
                newerThanAcknowledged += step > acknowledged ? 1 : 0;
                lastAcknowledged = step;
            }
        }
        System.out.printf("crash test: %d kills, last step %d, %d kills after a checkpoint was durable but before it"
                + " was acknowledged%n", KILLS, lastAcknowledged, newerThanAcknowledged);
    }

    /** Starts the child, waits until it checkpoints, kills it at a random instant; returns the last step it acknowledged. */
    private long runAndKill(int kill) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                CrashingCheckpointer.class.getName(), dir.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        CountDownLatch checkpointing = new CountDownLatch(1);
        AtomicLong acknowledged = new AtomicLong();
        Thread reader = new Thread(() -> read(child, checkpointing, acknowledged), "crash-test-reader");
        reader.start();
        boolean started = checkpointing.await(60, TimeUnit.SECONDS);
        assertTrue(started, "kill " + kill + ": the child never took a checkpoint (exit " + (child.isAlive() ? "none"
                : child.exitValue()) + ")");
        TimeUnit.MICROSECONDS.sleep(ThreadLocalRandom.current().nextLong(100_000)); // the random instant
        // SIGKILL through the handle: Process.destroyForcibly() also closes our end of the pipe, and
        // lines the child wrote before it died (a TAKING, an ACK) would be lost to the reader.
        child.toHandle().destroyForcibly();
        assertEquals(137, child.waitFor(), "killed by SIGKILL");
        reader.join();
        assertNull(nondeterministic, "the child's state depends only on its step");
        return acknowledged.get();
    }

    private void read(Process child, CountDownLatch checkpointing, AtomicLong acknowledged) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                String[] words = line.split(" ");
                if (words[0].equals("TAKING") && words.length == 3) {
                    String before = digests.putIfAbsent(Long.parseLong(words[1]), words[2]);
                    if (before != null && !before.equals(words[2])) {
                        nondeterministic = "step " + words[1] + " had digest " + before + ", then " + words[2];
                    }
                    checkpointing.countDown();
                } else if (words[0].equals("ACK") && words.length == 3) {
                    acknowledged.set(Long.parseLong(words[2]));
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("reading the child's reports", e);
        }
    }
}
