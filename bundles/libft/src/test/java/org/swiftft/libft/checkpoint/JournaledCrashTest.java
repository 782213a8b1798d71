package org.swiftft.libft.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crash test: a child JVM that journals every input before applying it and checkpoints
 * every fifth is killed with SIGKILL at a random instant, again and again; after each kill the state
 * recovered (checkpoint, then replay) holds every input the child had seen acknowledged, and is
 * exactly the state an uninterrupted run has at that step. {@code -Djournaled.crash.kills=N} changes the count (200 by default).
 */
class JournaledCrashTest {

    static final int KILLS = Integer.getInteger("journaled.crash.kills", 200);

    @TempDir
    Path dir;


    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void everyAcknowledgedInputSurvivesSigkillAndTheRecoveredStateIsExact() throws Exception {
        long lastAcknowledged = 0;
        // the same steps applied in memory, never killed: what every recovered state must equal
        try (CrashState reference = new CrashState(dir.resolve("reference"))) {
            for (int kill = 0; kill < KILLS; kill++) {
                lastAcknowledged = Math.max(lastAcknowledged, runAndKill(kill));
                try (JournaledCrashState recovered = new JournaledCrashState(dir.resolve("child"))) {
                    long step = recovered.checkpointed.step();
                    assertTrue(step >= lastAcknowledged, "kill " + kill + ": recovered step " + step
                            + " lacks acknowledged input " + lastAcknowledged);
                    while (reference.step() < step) {
                        reference.advance();
                    }
                    assertEquals(reference.digest(), recovered.checkpointed.digest(), "kill " + kill + ": state of step " + step);
                    lastAcknowledged = step;
                }
            }
        }
        System.out.printf("journaled crash test: %d kills, last step %d, every recovered state exact%n", KILLS, lastAcknowledged);
    }

    /** Starts the child, waits for its first acknowledged input, kills it at a random instant; returns the last step acknowledged. */
    private long runAndKill(int kill) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                JournalingCheckpointer.class.getName(), dir.resolve("child").toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        CountDownLatch working = new CountDownLatch(1);
        AtomicLong acknowledged = new AtomicLong();
        Thread reader = new Thread(() -> read(child, working, acknowledged), "journaled-crash-reader");
        reader.start();
        assertTrue(working.await(60, TimeUnit.SECONDS), "kill " + kill + ": the child never logged an input");
        TimeUnit.MICROSECONDS.sleep(ThreadLocalRandom.current().nextLong(100_000));
        child.toHandle().destroyForcibly(); // SIGKILL, keeping our end of the pipe to read what it wrote last
        assertEquals(137, child.waitFor(), "killed by SIGKILL");
        reader.join();
        return acknowledged.get();
    }

    private void read(Process child, CountDownLatch working, AtomicLong acknowledged) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                String[] words = line.split(" ");
                if (words[0].equals("ACK") && words.length == 2) {
                    acknowledged.set(Long.parseLong(words[1]));
                    working.countDown();
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("reading the child's reports", e);
        }
    }
}
