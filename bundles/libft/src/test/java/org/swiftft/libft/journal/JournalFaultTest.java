package org.swiftft.libft.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.swiftft.libft.journal.JournalFixtures.options;
import static org.swiftft.libft.journal.JournalFixtures.text;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.swiftft.journal.Durability;
import org.swiftft.journal.Journal;
import org.swiftft.journal.JournalException;
import org.swiftft.journal.JournalException.Reason;
import org.swiftft.journal.JournalOptions;

/**
 * Faults of the file system, injected under the engine by {@link FaultyStorage}: fsync failure,
 * disk full, and a power loss that drops every write not yet fsync'd — the one fault that shows
 * whether acknowledgements wait for the right fsync (SIGKILL keeps the page cache, so
 * {@link JournalCrashTest} cannot).
 */
@Timeout(60) // a lost wake-up would otherwise hang the build, not fail it
class JournalFaultTest {

    @TempDir
    Path dir;
    private final FaultyStorage storage = new FaultyStorage();
    private final ExecutorService appenders = Executors.newFixedThreadPool(8);
    private Journal journal;
    private final List<TailCut> cuts = new ArrayList<>();

    private Journal open(JournalOptions options) throws JournalException {
        journal = Journals.open(dir, "j", options, cut -> { }, storage);
        return journal;
    }

    /** After the fault: the real file system, as after a reboot. */
    private Journal reopen() throws JournalException {
        try {
            journal.close();
        } catch (JournalException expected) {
            // A failed journal may say on close what it could not make durable.
        }
        journal = Journals.open(dir, "j", options(Durability.GROUP_COMMIT), cuts::add);
        return journal;
    }

    @AfterEach
    void close() throws Exception {
        storage.releaseForces(); // a failed test must not leave the writer waiting
        appenders.shutdownNow();
        if (journal != null) {
            try {
                journal.close();
            } catch (JournalException ignored) {
                // failed on purpose
            }
        }
    }

    @Test
    void anFsyncFailureFailsThatAppendAndEveryLaterOneUntilReopened() throws Exception {
        open(options(Durability.GROUP_COMMIT));
        for (int i = 1; i <= 3; i++) {
            journal.append(text("kept " + i));
        }
        storage.failForces();

        JournalException failed = assertThrows(JournalException.class, () -> journal.append(text("lost?")));
        assertEquals(Reason.FSYNC_FAILED, failed.reason());
        assertTrue(failed.getMessage().contains("never retried") && failed.getMessage().contains("j-0000"),
                failed.getMessage());
        JournalException later = assertThrows(JournalException.class, () -> journal.append(text("later")));
        assertEquals(Reason.FSYNC_FAILED, later.reason());
        assertTrue(later.getMessage().startsWith("refused: the journal failed earlier"), later.getMessage());
        assertEquals(Reason.FSYNC_FAILED, assertThrows(JournalException.class, () -> journal.sync()).reason());
        assertTrue(journal.info().failure.contains("fsync"));

        reopen();
        List<String> kept = JournalFixtures.payloads(journal);
        assertEquals(List.of("kept 1", "kept 2", "kept 3"), kept.subList(0, 3), "every acknowledged record");
        assertEquals(kept.size() + 1, journal.append(text("after reopen")));
    }

    @Test
    void anFsyncFailureFailsEveryPendingAsynchronousAppend() throws Exception {
        open(options(Durability.GROUP_COMMIT));
        storage.failForces();
        List<CompletableFuture<Long>> stages = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            stages.add(journal.appendAsync(text("e" + i)).toCompletableFuture());
        }
        for (CompletableFuture<Long> stage : stages) {
            CompletionException e = assertThrows(CompletionException.class, stage::join);
            assertEquals(Reason.FSYNC_FAILED, ((JournalException) e.getCause()).reason());
        }
    }

    @Test
    void aFullDiskFailsDiskFullWithAMessageThatSaysSo() throws Exception {
        open(options(Durability.EVERY_APPEND));
        journal.append(text("kept"));
        storage.fillDisk();

        JournalException e = assertThrows(JournalException.class, () -> journal.append(text("no room")));
        assertEquals(Reason.DISK_FULL, e.reason());
        assertTrue(e.getMessage().contains("the file system is full") && e.getMessage().contains("Free space"),
                e.getMessage());
        assertEquals(Reason.DISK_FULL, assertThrows(JournalException.class, () -> journal.append(text("x"))).reason());

        reopen();
        assertEquals("kept", JournalFixtures.payloads(journal).get(0));
    }

    @Test
    void powerLossDuringAnFsyncLosesNothingAcknowledgedAtEveryAppend() throws Exception {
        powerLossUnderLoadLosesNothingAcknowledged(Durability.EVERY_APPEND, 1 << 20, false);
    }

    @Test
    void powerLossDuringAnFsyncLosesNothingAcknowledgedWithGroupCommit() throws Exception {
        powerLossUnderLoadLosesNothingAcknowledged(Durability.GROUP_COMMIT, 1 << 20, false);
    }

    /** Most of the last write reached the disk: a torn record, cut on reopen; still nothing acknowledged lost. */
    @Test
    void powerLossThatTearsTheLastWriteLosesNothingAcknowledgedAndTheTornTailIsCut() throws Exception {
        powerLossUnderLoadLosesNothingAcknowledged(Durability.GROUP_COMMIT, 1 << 20, true);
        assertEquals(1, cuts.size(), "the torn record is cut: " + cuts);
    }

    /** 256-byte segments: new files all along, whose directory entries must be durable too. */
    @Test
    void powerLossWhileSegmentsAreStartedLosesNothingAcknowledgedAtEveryAppend() throws Exception {
        powerLossUnderLoadLosesNothingAcknowledged(Durability.EVERY_APPEND, 256, false);
    }

    @Test
    void powerLossWhileSegmentsAreStartedLosesNothingAcknowledgedWithGroupCommit() throws Exception {
        powerLossUnderLoadLosesNothingAcknowledged(Durability.GROUP_COMMIT, 256, false);
    }

    /**
     * Eight appenders; the power goes while an fsync is in progress: the batch under it must not
     * have been acknowledged. Acknowledgements are recorded by a callback
     * on the stage, which runs when the journal completes it, so none is missed.
     */
    private void powerLossUnderLoadLosesNothingAcknowledged(Durability level, int segmentBytes, boolean tear)
            throws Exception {
        open(new JournalOptions(level, 100, 1000, 1024, 64L << 20, segmentBytes));
        ConcurrentHashMap<Long, String> acknowledged = new ConcurrentHashMap<>();
        CountDownLatch enough = new CountDownLatch(400);
        List<Future<?>> running = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int thread = t;
            running.add(appenders.submit(() -> {
                for (int i = 0; ; i++) {
                    String event = "t" + thread + "-" + i;
                    CompletableFuture<Long> stage = journal.appendAsync(text(event)).toCompletableFuture();
                    stage.thenAccept(seq -> {
                        acknowledged.put(seq, event);
                        enough.countDown();
                    });
                    try {
                        stage.join();
                    } catch (CompletionException dead) {
                        return null;
                    }
                }
            }));
        }
        enough.await();
        storage.holdForces();
        storage.awaitHeldForce();
        storage.powerLoss(tear);
        storage.releaseForces();
        for (Future<?> f : running) {
            f.get();
        }

        reopen();
        ConcurrentHashMap<Long, String> found = new ConcurrentHashMap<>();
        journal.replay(1, r -> found.put(r.sequence(), text(r.payload())));
        assertTrue(acknowledged.size() >= 400);
        acknowledged.forEach((seq, event) -> assertEquals(event, found.get(seq), "acknowledged record " + seq));
        assertEquals(found.size() + 1, journal.append(text("after")), "gapless after the loss");
    }

    @Test
    void powerLossWithPeriodicLosesWhatTheIntervalHadNotYetSynced() throws Exception {
        open(new JournalOptions(Durability.PERIODIC, 0, 3_600_000, 1024, 1 << 20, 1 << 20));
        for (int i = 1; i <= 10; i++) {
            assertEquals(i, journal.append(text("acknowledged " + i)));
        }
        storage.powerLoss();

        reopen();
        assertEquals(0, journal.lastSequence(), "documented: PERIODIC loses up to one interval on a host crash");
    }

    @Test
    void powerLossWithPeriodicKeepsWhatTheIntervalSynced() throws Exception {
        open(new JournalOptions(Durability.PERIODIC, 0, 20, 1024, 1 << 20, 1 << 20));
        for (int i = 1; i <= 10; i++) {
            journal.append(text("acknowledged " + i));
        }
        storage.awaitEverythingForced(); // by the interval's fsync: nobody calls sync()
        storage.powerLoss();

        reopen();
        assertEquals(10, journal.lastSequence());
    }

    @Test
    void powerLossAfterSyncLosesNothingEvenWithPeriodic() throws Exception {
        open(new JournalOptions(Durability.PERIODIC, 0, 3_600_000, 1024, 1 << 20, 256));
        for (int i = 1; i <= 50; i++) {
            journal.append(text("acknowledged " + i));
        }
        assertEquals(50, journal.sync());
        storage.powerLoss();

        reopen();
        assertEquals(50, journal.lastSequence());
    }
}
