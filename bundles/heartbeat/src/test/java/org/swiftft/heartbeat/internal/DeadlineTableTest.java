package org.swiftft.heartbeat.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.swiftft.heartbeat.DropReason;
import org.swiftft.heartbeat.HeartbeatSpec;
import org.swiftft.heartbeat.MissedDeadline;

class DeadlineTableTest {

    private final DropCounters counters = new DropCounters();
    private final BlockingQueue<MissedDeadline> missed = new LinkedBlockingQueue<>();
    private final DeadlineTable table = new DeadlineTable(counters, m -> { }, problem -> { });

    @AfterEach
    void close() {
        table.close();
    }

    @Test
    void noHeartbeatWithinTheTimeoutIsAHeartbeatVerdict() throws Exception {
        table.track("app", new HeartbeatSpec(100, 0), missed::add);
        table.apply("app", "READY", null, 0, null);
        MissedDeadline verdict = missed.poll(5, TimeUnit.SECONDS);
        assertNotNull(verdict, "a silent application is late");
        assertEquals(MissedDeadline.Kind.HEARTBEAT, verdict.kind());
        assertTrue(verdict.latenessMillis() >= 0);
        assertNull(missed.poll(300, TimeUnit.MILLISECONDS), "one verdict per incarnation");
    }

    @Test
    void readinessIsToldOnceAtTheFirstHeartbeatOrReadyOfEachIncarnation() {
        java.util.List<String> ready = new java.util.ArrayList<>();
        org.swiftft.heartbeat.DeadlineListener listener = new org.swiftft.heartbeat.DeadlineListener() {
            @Override
            public void missed(MissedDeadline late) {
            }

            @Override
            public void ready(String application) {
                ready.add(application);
            }
        };
        table.track("app", new HeartbeatSpec(0, 0), listener);
        table.apply("app", "STATUS", null, 0, "starting");
        assertTrue(ready.isEmpty(), "a status line is not readiness");
        table.apply("app", "HB", null, 0, null);
        table.apply("app", "READY", null, 0, null);
        table.apply("app", "HB", null, 0, null);
        assertEquals(java.util.List.of("app"), ready);

        table.track("app", new HeartbeatSpec(0, 0), listener);
        table.apply("app", "READY", null, 0, null);
        assertEquals(java.util.List.of("app", "app"), ready, "a new incarnation is ready anew");
    }

    @Test
    void notificationsOfADaemonBeforeItIsAttachedCountOnceItIs() throws Exception {
        Process daemon = new ProcessBuilder("sleep", "30").start();
        Process stranger = new ProcessBuilder("sleep", "30").start();
        try {
            table.track("forking", new HeartbeatSpec(0, 0), missed::add);
            assertFalse(table.acceptNotify(daemon.pid(), "READY=1\nSTATUS=serving"), "nobody claims it yet");
            assertFalse(table.acceptNotify(stranger.pid(), "STATUS=spoofed"));
            assertEquals(2, counters.dropped().get(DropReason.FOREIGN_SENDER));

            table.attach("forking", daemon.pid()); // its pid file names it

            assertTrue(table.status("forking").get().ready);
            assertEquals("serving", table.status("forking").get().statusText, "the stranger's message never counts");
        } finally {
            daemon.destroyForcibly();
            stranger.destroyForcibly();
        }
    }

    @Test
    void firstHeartbeatWithoutReadyStartsTheClock() throws Exception {
        table.track("app", new HeartbeatSpec(100, 0), missed::add);
        Thread.sleep(50); // the deadline thread is asleep with no deadline at all
        table.apply("app", "HB", null, 0, null);
        MissedDeadline verdict = missed.poll(5, TimeUnit.SECONDS);
        assertNotNull(verdict, "silence after a first heartbeat is a hang");
        assertEquals(MissedDeadline.Kind.HEARTBEAT, verdict.kind());
    }

    @Test
    void hugeTimeoutsMeanNeverNotAnOverflowIntoThePast() throws Exception {
        table.track("app", new HeartbeatSpec(Long.MAX_VALUE, Long.MAX_VALUE), missed::add);
        table.apply("app", "HB", null, 0, null);
        table.apply("app", "ENTER", "long", Long.MAX_VALUE / 2, null);
        assertNull(missed.poll(300, TimeUnit.MILLISECONDS), "no false verdict from an overflowing deadline");
    }

    @Test
    void steadyHeartbeatsKeepAnApplicationAlive() throws Exception {
        table.track("app", new HeartbeatSpec(300, 0), missed::add);
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1200);
        while (System.nanoTime() < until) {
            assertTrue(table.apply("app", "HB", null, 0, null));
            Thread.sleep(30);
        }
        assertNull(missed.poll(0, TimeUnit.MILLISECONDS), "no verdict while heartbeats come");
    }

    @Test
    void regionLeftOpenPastItsTimeoutNamesTheRegion() throws Exception {
        table.track("app", new HeartbeatSpec(0, 0), missed::add);
        table.apply("app", "ENTER", "commit", 100, null);
        MissedDeadline verdict = missed.poll(5, TimeUnit.SECONDS);
        assertNotNull(verdict);
        assertEquals(MissedDeadline.Kind.REGION, verdict.kind());
        assertEquals("commit", verdict.region());
    }

    @Test
    void regionLeftInTimeAndReEnteredRegionAreNotLate() throws Exception {
        table.track("app", new HeartbeatSpec(0, 0), missed::add);
        table.apply("app", "ENTER", "commit", 300, null);
        Thread.sleep(200);
        table.apply("app", "ENTER", "commit", 300, null); // a second ENTER restarts the deadline
        Thread.sleep(200);
        assertTrue(table.apply("app", "LEAVE", "commit", 0, null));
        assertNull(missed.poll(400, TimeUnit.MILLISECONDS));
        assertFalse(table.apply("app", "LEAVE", "commit", 0, null));
        assertEquals(1L, counters.dropped().get(DropReason.NOT_OPEN));
    }

    @Test
    void noReadyNorHeartbeatWithinTheStartTimeoutIsAStartVerdict() throws Exception {
        table.track("app", new HeartbeatSpec(1000, 100), missed::add);
        MissedDeadline verdict = missed.poll(5, TimeUnit.SECONDS);
        assertNotNull(verdict);
        assertEquals(MissedDeadline.Kind.START, verdict.kind());
    }

    @Test
    void announcedTimeoutWinsOverTheConfiguredOne() throws Exception {
        table.track("app", new HeartbeatSpec(60_000, 0), missed::add);
        table.apply("app", "HB", null, 0, null);
        table.heartbeatTimeout("app", 100);
        MissedDeadline verdict = missed.poll(5, TimeUnit.SECONDS);
        assertNotNull(verdict, "the announced 100 ms applies, not the configured minute");
        assertEquals(MissedDeadline.Kind.HEARTBEAT, verdict.kind());
    }

    @Test
    void tokenOfAnEarlierIncarnationIsStaleAndAForgedOneIsBad() {
        String first = table.track("app", new HeartbeatSpec(0, 0), missed::add);
        String second = table.track("app", new HeartbeatSpec(0, 0), missed::add);
        assertFalse(table.accept(new HeartbeatMessage(first, "HB", null, 0, null, null)));
        assertFalse(table.accept(new HeartbeatMessage("f".repeat(32), "HB", null, 0, null, null)));
        assertTrue(table.accept(new HeartbeatMessage(second, "HB", null, 0, null, null)));
        assertEquals(1L, counters.dropped().get(DropReason.STALE_TOKEN));
        assertEquals(1L, counters.dropped().get(DropReason.BAD_TOKEN));
        assertEquals(1L, counters.acceptedCount());
    }
}
