package org.swiftft.libft.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.swiftft.libft.journal.JournalFixtures.options;
import static org.swiftft.libft.journal.JournalFixtures.text;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.swiftft.journal.Durability;
import org.swiftft.journal.Journal;
import org.swiftft.journal.JournalException;
import org.swiftft.journal.JournalOptions;

/**
 * When each level fsyncs, counted on a file system that records its fsyncs (no faults here;
 * {@link JournalFaultTest} shows what survives a power loss).
 */
@Timeout(60) // a lost wake-up would otherwise hang the build, not fail it
class JournalDurabilityTest {

    @TempDir
    Path dir;
    private final FaultyStorage storage = new FaultyStorage();
    private final ExecutorService appenders = Executors.newFixedThreadPool(8);
    private Journal journal;

    private Journal open(JournalOptions options) throws JournalException {
        journal = Journals.open(dir, "j", options, cut -> { }, storage);
        return journal;
    }

    @AfterEach
    void close() throws Exception {
        storage.releaseForces(); // a failed test must not leave the writer waiting
        appenders.shutdownNow();
        if (journal != null) {
            journal.close();
        }
    }

    @Test
    void everyAppendIsFsyncedByItselfBeforeItIsAcknowledged() throws Exception {
        open(options(Durability.EVERY_APPEND));
        int before = storage.forces();
        for (long i = 1; i <= 20; i++) {
            assertEquals(i, journal.append(text("e" + i)));
            assertEquals(i, journal.lastDurableSequence(), "durable when acknowledged");
        }
        assertEquals(20, storage.forces() - before);
    }

    @Test
    void everyAppendFsyncsEachRecordEvenWhenAppendsQueueUp() throws Exception {
        open(options(Durability.EVERY_APPEND));
        int before = storage.forces();
        List<CompletableFuture<Long>> stages = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            stages.add(journal.appendAsync(text("e" + i)).toCompletableFuture());
        }
        stages.forEach(CompletableFuture::join);
        assertEquals(50, storage.forces() - before);
    }

    @Test
    void groupCommitAcknowledgesAppendsQueuedBehindAnFsyncWithOneSharedFsync() throws Exception {
        open(new JournalOptions(Durability.GROUP_COMMIT, 0, 1000, 1024, 1 << 20, 1 << 20));
        int before = storage.forces();
        storage.holdForces();
        Future<Long> first = appenders.submit(() -> journal.append(text("first")));
        storage.awaitHeldForce();
        List<Future<Long>> others = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            others.add(appenders.submit(() -> journal.append(text("queued"))));
        }
        while (journal.lastSequence() < 8) {
            Thread.onSpinWait(); // the seven are queued once they hold sequences
        }
        storage.releaseForces();

        assertEquals(1, first.get());
        for (Future<Long> other : others) {
            assertTrue(other.get() >= 2);
        }
        assertEquals(2, storage.forces() - before, "one fsync for the first, one shared by the seven");
    }

    @Test
    void groupCommitLetsALoneAppenderWaitTheCommitWindowForOthers() throws Exception {
        open(new JournalOptions(Durability.GROUP_COMMIT, 30_000, 1000, 1024, 1 << 20, 1 << 20));
        long start = System.nanoTime();
        journal.append(text("alone"));
        long waitedMicros = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - start);
        assertTrue(waitedMicros >= 30_000, "waited " + waitedMicros + " µs");
        assertEquals(1, journal.lastDurableSequence());
    }

    @Test
    void groupCommitAcknowledgesOnlyAfterTheFsync() throws Exception {
        open(options(Durability.GROUP_COMMIT));
        storage.holdForces();
        Future<Long> append = appenders.submit(() -> journal.append(text("held")));
        storage.awaitHeldForce();
        assertFalse(append.isDone(), "not acknowledged while its fsync is running");
        assertEquals(0, journal.lastDurableSequence());
        storage.releaseForces();
        assertEquals(1, append.get());
        assertEquals(1, journal.lastDurableSequence());
    }

    @Test
    void periodicAcknowledgesBeforeTheFsyncAndFsyncsWithinTheInterval() throws Exception {
        open(new JournalOptions(Durability.PERIODIC, 0, 50, 1024, 1 << 20, 1 << 20));
        storage.holdForces();
        assertEquals(1, journal.append(text("fast")), "acknowledged with the fsync still to come");
        assertEquals(0, journal.lastDurableSequence());
        storage.awaitHeldForce(); // the interval's fsync, nobody asked for it
        int before = storage.forces();
        storage.releaseForces();
        storage.awaitEverythingForced();
        assertEquals(1, journal.sync(), "already durable");
        assertEquals(1, storage.forces() - before, "the interval's fsync only; sync found nothing left to do");
    }

    @Test
    void syncMakesEverythingAppendedDurableAtAnyLevel() throws Exception {
        open(new JournalOptions(Durability.PERIODIC, 0, 3_600_000, 1024, 1 << 20, 1 << 20));
        for (int i = 0; i < 10; i++) {
            journal.append(text("e" + i));
        }
        assertEquals(0, journal.lastDurableSequence(), "an hour's interval has not passed");
        assertEquals(10, journal.sync());
        assertEquals(10, journal.lastDurableSequence());
    }

    @Test
    void closeMakesPeriodicRecordsDurable() throws Exception {
        open(new JournalOptions(Durability.PERIODIC, 0, 3_600_000, 1024, 1 << 20, 1 << 20));
        journal.append(text("e"));
        int before = storage.forces();
        journal.close();
        assertEquals(1, storage.forces() - before);
    }

    @Test
    void eachLevelKeepsSequencesGaplessUnderEightAppenders() throws Exception {
        for (Durability level : Durability.values()) {
            Path sub = dir.resolve(level.name());
            try (Journal j = Journals.open(sub, "j", options(level))) {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    done.add(appenders.submit(() -> {
                        for (int i = 0; i < 50; i++) {
                            j.append(text("x"));
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
                assertEquals(400, j.lastSequence(), level.name());
                assertEquals(400, j.replay(1, r -> { }), level.name());
            }
        }
    }
}
