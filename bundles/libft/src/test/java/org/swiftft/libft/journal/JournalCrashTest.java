package org.swiftft.libft.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.swiftft.journal.Durability;
import org.swiftft.journal.Journal;

/**
 * Crash consistency with a real process and a real SIGKILL: a {@link JournalCrashChild} appends
 * and reports every acknowledgement; it is killed at a random moment (while opening, or after a
 * random number of acknowledgements); then every record it reported is checked to be in the
 * journal, intact and in order, and the next child goes on from there without a gap. Levels
 * rotate: under SIGKILL the page cache survives, so even PERIODIC must lose nothing.
 *
 * <p>{@code -Djournal.crash.kills=N} (default 100) for a longer run; {@code -Djournal.crash.seed}
 * to repeat one.
 */
@org.junit.jupiter.api.Timeout(600)
class JournalCrashTest {

    private static final String EOF = "\u0000EOF";

    @TempDir
    Path dir;

    private final Map<Long, String> acknowledged = new TreeMap<>();
    private long truncatedUpTo;
    private long highestAcknowledged;
    private long checked;
    private int tailCuts;

    @Test
    void everyAcknowledgedRecordSurvivesSigkillAtRandomInstants() throws Exception {
        int kills = Integer.getInteger("journal.crash.kills", 100);
        long seed = Long.getLong("journal.crash.seed", System.nanoTime());
        Random random = new Random(seed);
        Path journalDir = Files.createDirectories(dir.resolve("journal"));
        for (int run = 0; run < kills; run++) {
            Durability level = Durability.values()[run % 3];
            int killAfter = random.nextInt(10) == 0 ? -1 : random.nextInt(1, 600);
            String context = "seed " + seed + ", run " + run + ", " + level + ", kill after " + killAfter;
            runAndKill(journalDir, level, run, killAfter, context);
            verify(journalDir, context);
        }
        try (Journal journal = Journals.open(journalDir, JournalCrashChild.JOURNAL, JournalFixtures.options(Durability.EVERY_APPEND))) {
            assertEquals(journal.lastSequence() + 1, journal.append(JournalCrashChild.event("after")), "gapless after every kill");
        }
        assertTrue(acknowledged.size() + truncatedUpTo > kills, "the children did append: " + highestAcknowledged);
        System.out.printf("JournalCrashTest: %d kills (seed %d), %d record checks, %d torn tails cut,"
                + " last sequence %d%n", kills, seed, checked, tailCuts, highestAcknowledged);
    }

    /** @param killAfter acknowledgements to wait for, or -1 to kill while the child opens the journal */
    private void runAndKill(Path journalDir, Durability level, int run, int killAfter, String context) throws Exception {
        Path stderr = dir.resolve("child-" + run + ".err");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), JournalCrashChild.class.getName(),
                journalDir.toString(), level.name(), Integer.toString(run))
                .redirectError(stderr.toFile()).start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> readLines(child, lines), "child-" + run + "-stdout");
        reader.start();
        List<String> received = new ArrayList<>();
        int acks = 0;
        try {
            while (killAfter < 0 ? received.isEmpty() : acks < killAfter) {
                String line = lines.poll(30, TimeUnit.SECONDS);
                if (line == null || line.equals(EOF)) {
                    fail(context + ": the child stopped reporting: " + received + "\n" + Files.readString(stderr));
                }
                received.add(line);
                acks += line.startsWith("A ") ? 1 : 0;
            }
        } finally {
            child.destroyForcibly(); // SIGKILL on Linux
            child.waitFor();
        }
        reader.join();
        for (String line = lines.take(); !line.equals(EOF); line = lines.take()) {
            received.add(line); // reported before the kill: acknowledged just the same
        }
        absorb(received, context, stderr);
    }

    private static void readLines(Process child, BlockingQueue<String> lines) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lines.add(line);
            }
        } catch (IOException killed) {
            // The pipe broke with the child.
        } finally {
            lines.add(EOF);
        }
    }

    private void absorb(List<String> received, String context, Path stderr) throws IOException {
        for (String line : received) {
            String[] words = line.split(" ");
            switch (words[0]) {
            case "READY" -> assertTrue(Long.parseLong(words[1]) >= highestAcknowledged,
                    context + ": reopened at " + words[1] + ", older than acknowledged " + highestAcknowledged);
            case "A" -> {
                long seq = Long.parseLong(words[1]);
                acknowledged.put(seq, words[2]);
                highestAcknowledged = Math.max(highestAcknowledged, seq);
            }
            case "T" -> truncatedUpTo = Math.max(truncatedUpTo, Long.parseLong(words[1]));
            case "OPENING" -> { }
            default -> fail(context + ": the child said " + line + "\n" + Files.readString(stderr));
            }
        }
    }

    /** Every acknowledged record not announced as truncated is there, intact, in a gapless journal. */
    private void verify(Path journalDir, String context) throws Exception {
        try (Journal journal = Journals.open(journalDir, JournalCrashChild.JOURNAL,
                JournalFixtures.options(Durability.GROUP_COMMIT), cut -> tailCuts++)) {
            long first = journal.firstSequence();
            assertTrue(first <= truncatedUpTo + 1, context + ": first " + first + " but truncated only up to " + truncatedUpTo);
            assertTrue(journal.lastSequence() >= highestAcknowledged, context + ": last " + journal.lastSequence()
                    + " < acknowledged " + highestAcknowledged);
            Map<Long, String> held = new TreeMap<>();
            long[] next = { first };
            journal.replay(first, r -> {
                assertEquals(next[0]++, r.sequence(), context + ": replay in order, without a gap");
                held.put(r.sequence(), JournalFixtures.text(r.payload()));
            });
            acknowledged.keySet().removeIf(seq -> seq < first);
            checked += acknowledged.size();
            acknowledged.forEach((seq, id) -> assertEquals(JournalFixtures.text(JournalCrashChild.event(id)), held.get(seq),
                    context + ": acknowledged record " + seq + " (" + id + ")"));
        }
    }
}
