package org.swiftft.libft.journal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.swiftft.libft.journal.JournalFixtures.options;
import static org.swiftft.libft.journal.JournalFixtures.payloads;
import static org.swiftft.libft.journal.JournalFixtures.replay;
import static org.swiftft.libft.journal.JournalFixtures.text;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.swiftft.journal.Durability;
import org.swiftft.journal.Journal;
import org.swiftft.journal.JournalDTO;
import org.swiftft.journal.JournalException;
import org.swiftft.journal.JournalException.Reason;
import org.swiftft.journal.JournalOptions;

@Timeout(60) // a lost wake-up would otherwise hang the build, not fail it
class JournalAppendTest {

    @TempDir
    Path dir;
    private Journal journal;

    @BeforeEach
    void open() throws JournalException {
        journal = Journals.open(dir, "input", options(Durability.GROUP_COMMIT));
    }

    @AfterEach
    void close() throws JournalException {
        journal.close();
    }

    @Test
    void sequencesStartAtOneWithoutGaps() throws JournalException {
        assertEquals(0, journal.lastSequence());
        assertEquals(1, journal.firstSequence(), "an empty journal holds nothing: first is last + 1");
        for (long expected = 1; expected <= 100; expected++) {
            assertEquals(expected, journal.append(text("event " + expected)));
        }
        assertEquals(100, journal.lastSequence());
        assertEquals(100, journal.lastDurableSequence());
    }

    @Test
    void appendCopiesTheEventFromPositionToLimitAndLeavesTheCallersBufferAlone() throws JournalException {
        ByteBuffer event = ByteBuffer.wrap("xxHELLOyy".getBytes()).position(2).limit(7);
        journal.append(event);
        assertEquals(2, event.position());
        event.put(2, (byte) 'J');

        assertEquals(List.of("HELLO"), payloads(journal));
    }

    @Test
    void anEmptyEventIsARecordToo() throws JournalException {
        assertEquals(1, journal.append(ByteBuffer.allocate(0)));
        assertEquals(List.of(""), payloads(journal));
    }

    @Test
    void appendAsyncAssignsSequencesInCallOrderAndCompletesThemAll() {
        List<CompletableFuture<Long>> stages = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            stages.add(journal.appendAsync(text("e" + i)).toCompletableFuture());
        }
        for (int i = 0; i < stages.size(); i++) {
            assertEquals(i + 1, stages.get(i).join());
        }
    }

    @Test
    void replayDeliversRecordsInOrderWithTheirTime() throws JournalException {
        long before = System.currentTimeMillis();
        for (int i = 1; i <= 300; i++) {
            journal.append(text("e" + i));
        }
        long after = System.currentTimeMillis();

        List<JournalFixtures.Replayed> records = replay(journal, 1);

        assertEquals(300, records.size());
        for (int i = 0; i < records.size(); i++) {
            assertEquals(i + 1, records.get(i).sequence());
            assertEquals("e" + (i + 1), records.get(i).payload());
            assertTrue(records.get(i).time() >= before && records.get(i).time() <= after);
        }
    }

    @Test
    void replayFromTheMiddleStartsThereAndReturnsTheLastDelivered() throws JournalException {
        for (int i = 1; i <= 500; i++) {
            journal.append(text("e" + i));
        }
        List<Long> seen = new ArrayList<>();

        long last = journal.replay(321, r -> seen.add(r.sequence()));

        assertEquals(500, last);
        assertEquals(180, seen.size());
        assertEquals(321, seen.get(0));
    }

    @Test
    void aFollowerReplayingEachNewBatchGetsEveryRecordOnceAndIntact() throws JournalException {
        List<String> seen = new ArrayList<>();
        long applied = 0;
        for (int batch = 0; batch < 50; batch++) {
            for (int i = 0; i < 7; i++) {
                journal.append(text("e" + (journal.lastSequence() + 1)));
            }
            applied = journal.replay(applied + 1, r -> seen.add(text(r.payload())));
        }
        assertEquals(350, applied);
        for (int i = 0; i < 350; i++) {
            assertEquals("e" + (i + 1), seen.get(i));
        }
        List<Long> again = new ArrayList<>();
        journal.replay(100, r -> again.add(r.sequence())); // behind where the last replay stopped: from the start
        assertEquals(251, again.size());
        assertEquals(100, again.get(0));
    }

    @Test
    void replayPastTheEndDeliversNothing() throws JournalException {
        journal.append(text("only"));
        assertEquals(6, journal.replay(7, r -> { throw new AssertionError("nothing to deliver"); }));
        assertThrows(IllegalArgumentException.class, () -> journal.replay(0, r -> { }));
    }

    @Test
    void replayStopsAtTheLastRecordAcknowledgedWhenItBegan() throws JournalException {
        for (int i = 1; i <= 10; i++) {
            journal.append(text("e" + i));
        }
        List<Long> seen = new ArrayList<>();
        long last = journal.replay(1, r -> {
            seen.add(r.sequence());
            try {
                journal.append(text("appended during replay"));
            } catch (JournalException e) {
                throw new IllegalStateException(e);
            }
        });
        assertEquals(10, last);
        assertEquals(10, seen.size());
        assertEquals(20, journal.lastSequence());
    }

    @Test
    void anExceptionFromTheConsumerStopsReplayAndPropagatesUnchanged() throws JournalException {
        journal.append(text("a"));
        journal.append(text("b"));
        IllegalStateException thrown = new IllegalStateException("consumer says no");
        List<Long> seen = new ArrayList<>();

        IllegalStateException caught = assertThrows(IllegalStateException.class, () -> journal.replay(1, r -> {
            seen.add(r.sequence());
            throw thrown;
        }));
        assertSame(thrown, caught);
        assertEquals(List.of(1L), seen);
    }

    @Test
    void anEventLargerThanTheMaximumIsRefusedAndTheJournalGoesOn() throws JournalException {
        JournalException e = assertThrows(JournalException.class, () -> journal.append(ByteBuffer.allocate(64 * 1024 + 1)));
        assertEquals(Reason.TOO_LARGE, e.reason());
        assertTrue(e.getMessage().contains("65537"), e.getMessage());
        CompletionException async = assertThrows(CompletionException.class,
                () -> journal.appendAsync(ByteBuffer.allocate(64 * 1024 + 1)).toCompletableFuture().join());
        assertEquals(Reason.TOO_LARGE, ((JournalException) async.getCause()).reason());

        assertEquals(1, journal.append(ByteBuffer.allocate(64 * 1024)), "the largest allowed fits, no sequence was used");
    }

    @Test
    void recordsLargerThanASegmentOrTheWriteBufferAreKeptWhole() throws JournalException {
        journal.close();
        journal = Journals.open(dir, "input", new JournalOptions(Durability.GROUP_COMMIT, 0, 1000, 3 << 20, 64 << 20, 4096));
        byte[] big = new byte[(2 << 20) + 7];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31);
        }
        journal.append(text("small"));
        journal.append(ByteBuffer.wrap(big));
        journal.append(text("after"));

        List<byte[]> seen = new ArrayList<>();
        journal.replay(1, r -> {
            byte[] copy = new byte[r.payload().remaining()];
            r.payload().get(copy);
            seen.add(copy);
        });
        assertEquals(3, seen.size());
        assertArrayEquals(big, seen.get(1));
        assertEquals("after", new String(seen.get(2)));
    }

    @Test
    void segmentsAreNamedByTheirFirstSequenceSoTheySortInOrder() throws Exception {
        for (int i = 1; i <= 400; i++) {
            journal.append(text("event number " + i));
        }
        List<String> names;
        try (Stream<Path> files = Files.list(dir)) {
            names = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".jnl")).sorted().toList();
        }
        assertTrue(names.size() > 3, "4 KiB segments: " + names);
        assertEquals("input-00000000000000000001.jnl", names.get(0));
        for (String name : names) {
            assertTrue(Files.size(dir.resolve(name)) <= JournalFixtures.SEGMENT_BYTES, name);
        }
        assertEquals(400, replay(journal, 1).size());
        assertEquals(names.size(), journal.info().segments);
    }

    @Test
    void reopeningContinuesTheSequenceAndKeepsEveryRecord() throws JournalException {
        for (int i = 1; i <= 250; i++) {
            journal.append(text("e" + i));
        }
        journal.close();
        journal = Journals.open(dir, "input", options(Durability.EVERY_APPEND));

        assertEquals(250, journal.lastSequence());
        assertEquals(251, journal.append(text("e251")));
        assertEquals(251, payloads(journal).size());
        assertEquals("e251", payloads(journal).get(250));
    }

    @Test
    void aClosedJournalRefusesEverythingAndClosingTwiceIsHarmless() throws JournalException {
        journal.append(text("a"));
        journal.close();
        journal.close();

        assertEquals(Reason.CLOSED, assertThrows(JournalException.class, () -> journal.append(text("b"))).reason());
        assertEquals(Reason.CLOSED, assertThrows(JournalException.class, () -> journal.sync()).reason());
        assertEquals(Reason.CLOSED, assertThrows(JournalException.class, () -> journal.replay(1, r -> { })).reason());
        assertEquals(Reason.CLOSED, assertThrows(JournalException.class, () -> journal.truncate(1)).reason());
    }

    @Test
    void closeWaitsForPendingAsynchronousAppends() throws JournalException {
        List<CompletableFuture<Long>> stages = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            stages.add(journal.appendAsync(text("e" + i)).toCompletableFuture());
        }
        journal.close();
        assertTrue(stages.stream().allMatch(s -> s.isDone() && !s.isCompletedExceptionally()));
        journal = Journals.open(dir, "input", options(Durability.GROUP_COMMIT));
        assertEquals(1_000, journal.lastSequence());
    }

    @Test
    void aSecondOpenOfTheSameJournalIsRefusedWhileTheFirstHoldsIt() {
        JournalException e = assertThrows(JournalException.class,
                () -> Journals.open(dir, "input", options(Durability.GROUP_COMMIT)));
        assertTrue(e.getMessage().contains("already open"), e.getMessage());
    }

    @Test
    void journalsShareADirectoryAndLeaveOtherFilesAlone() throws Exception {
        Files.writeString(dir.resolve("notes.txt"), "not a journal");
        Files.writeString(dir.resolve("other-00000000000000000001.jnl.bak"), "not ours");
        try (Journal other = Journals.open(dir, "other", options(Durability.EVERY_APPEND))) {
            other.append(text("o1"));
            journal.append(text("i1"));
            assertEquals(List.of("o1"), payloads(other));
        }
        assertEquals(List.of("i1"), payloads(journal));
        assertEquals("not a journal", Files.readString(dir.resolve("notes.txt")));
        assertEquals("not ours", Files.readString(dir.resolve("other-00000000000000000001.jnl.bak")));
    }

    @Test
    void namesThatWouldEscapeTheDirectoryAreRefused() {
        for (String bad : new String[] { "", "../x", "a/b", ".hidden", "a b" }) {
            assertThrows(IllegalArgumentException.class, () -> Journals.open(dir, bad, options(Durability.PERIODIC)), bad);
        }
    }

    @Test
    void infoReportsTheJournalAsItIs() throws JournalException {
        for (int i = 0; i < 100; i++) {
            journal.append(text("0123456789"));
        }
        JournalDTO info = journal.info();
        assertEquals("input", info.name);
        assertEquals(dir.toAbsolutePath().toString(), info.directory);
        assertEquals(Durability.GROUP_COMMIT, info.durability);
        assertEquals(1, info.firstSequence);
        assertEquals(100, info.lastSequence);
        assertEquals(100, info.lastDurableSequence);
        assertEquals(16L << 20, info.sizeCapBytes);
        assertTrue(info.segments >= 1);
        assertEquals(100 * (24 + 10) + info.segments * 32L, info.sizeBytes);
        assertNull(info.failure);
    }
}
