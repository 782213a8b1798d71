package org.swiftft.libft.heartbeat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HeartbeatClientTest {

    static final String TOKEN = "0123456789abcdef0123456789ABCDEF";

    private LoopbackReceiver runtime;
    private HeartbeatClient client;

    @BeforeEach
    void openRuntimeAndClient() throws IOException {
        runtime = new LoopbackReceiver();
        client = HeartbeatClient.connect(TOKEN, runtime.endpoint());
    }

    @AfterEach
    void closeBoth() {
        client.close();
        runtime.close();
    }

    @Test
    void beatSendsTokenAndHb() throws IOException {
        client.beat();
        client.beat();

        assertArrayEquals(ascii(TOKEN + " HB"), runtime.nextDatagram());
        assertArrayEquals(ascii(TOKEN + " HB"), runtime.nextDatagram(), "the pre-encoded buffer is rewound");
    }

    @Test
    void readySendsReady() throws IOException {
        client.ready();

        assertArrayEquals(ascii(TOKEN + " READY"), runtime.nextDatagram());
    }

    @Test
    void statusSendsTheTextAfterOneSpace() throws IOException {
        client.status("replaying 42 of 100 – ok");

        assertArrayEquals((TOKEN + " STATUS replaying 42 of 100 – ok").getBytes(StandardCharsets.UTF_8),
                runtime.nextDatagram());
    }

    @Test
    void statusTurnsNewlinesAndControlCharactersIntoSpaces() throws IOException {
        client.status("line one\nline two\r\nend\tx");

        assertEquals(TOKEN + " STATUS line one line two  end x", runtime.nextText());
    }

    @Test
    void statusIsCutToOneDatagramWithoutSplittingACharacter() throws IOException {
        // "é" is two bytes and the prefix 40, so 472 bytes of text end exactly on a character;
        // with an "x" first, the 236th "é" would straddle the limit and must be dropped whole.
        client.status("x" + "é".repeat(1000));

        byte[] datagram = runtime.nextDatagram();
        String text = new String(datagram, StandardCharsets.UTF_8);
        assertEquals(HeartbeatDatagrams.MAX_DATAGRAM_BYTES - 1, datagram.length);
        assertEquals(TOKEN + " STATUS x" + "é".repeat(235), text);
    }

    @Test
    void statusNeverSplitsASurrogatePair() throws IOException {
        // "😀" is a surrogate pair of four UTF-8 bytes; 471 = 4 × 117 + 3, so 3 bytes stay unused.
        client.status("x" + "😀".repeat(200));

        assertEquals(TOKEN + " STATUS x" + "😀".repeat(117), runtime.nextText());
    }

    @Test
    void enterSendsRegionAndTimeout() throws IOException {
        client.enter("commit", 3000);

        assertArrayEquals(ascii(TOKEN + " ENTER commit 3000"), runtime.nextDatagram());
    }

    @Test
    void leaveSendsRegion() throws IOException {
        client.leave("commit");

        assertArrayEquals(ascii(TOKEN + " LEAVE commit"), runtime.nextDatagram());
    }

    @Test
    void regionInTryWithResourcesSendsEnterThenLeave() throws IOException {
        try (Region commit = client.enter("commit", 3000)) {
            assertEquals("commit", commit.name());
        }

        assertEquals(TOKEN + " ENTER commit 3000", runtime.nextText());
        assertEquals(TOKEN + " LEAVE commit", runtime.nextText());
    }

    @Test
    void regionClosedTwiceLeavesOnce() throws IOException {
        Region commit = client.enter("commit", 3000);
        commit.close();
        commit.close();
        client.ready(); // a marker: had a second LEAVE been sent, it would arrive before this

        assertEquals(TOKEN + " ENTER commit 3000", runtime.nextText());
        assertEquals(TOKEN + " LEAVE commit", runtime.nextText());
        assertEquals(TOKEN + " READY", runtime.nextText());
    }

    @Test
    void regionNameOfSixtyFourCharactersIsAccepted() throws IOException {
        String longest = "r".repeat(HeartbeatDatagrams.MAX_REGION_NAME);

        client.enter(longest, 1);

        assertEquals(TOKEN + " ENTER " + longest + " 1", runtime.nextText());
    }

    @Test
    void invalidRegionNamesAreRejectedWithTheName() {
        for (String name : new String[] {"", "r".repeat(65), "two words", "tab\tbed", "line\n", "no\u00a0break"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> client.enter(name, 1000),
                    () -> "region name \"" + name + "\"");
            assertTrue(e.getMessage().contains("\"" + name + "\""), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> client.leave(name));
        }
        assertThrows(NullPointerException.class, () -> client.enter(null, 1000));
    }

    @Test
    void nonPositiveTimeoutsAreRejected() {
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class, () -> client.enter("commit", 0));
        assertThrows(IllegalArgumentException.class, () -> client.enter("commit", -1));

        assertTrue(zero.getMessage().contains("commit") && zero.getMessage().contains("0 ms"), zero.getMessage());
    }

    @Test
    void malformedTokenIsRejectedAndShownMasked() {
        String oneDigitShort = TOKEN.substring(1);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HeartbeatClient.connect(oneDigitShort, runtime.endpoint()));

        assertTrue(e.getMessage().contains("token=\"1234…\" (31 characters)"), e.getMessage());
        assertFalse(e.getMessage().contains(oneDigitShort.substring(4, 10)), "the rest of the token stays secret");
        assertThrows(IllegalArgumentException.class, () -> HeartbeatClient.connect("g" + oneDigitShort, runtime.endpoint()));
    }

    @Test
    void unresolvedEndpointIsRejected() {
        InetSocketAddress unresolved = InetSocketAddress.createUnresolved("runtime.invalid", 9000);

        assertThrows(IllegalArgumentException.class, () -> HeartbeatClient.connect(TOKEN, unresolved));
    }

    @Test
    void beatsToAClosedEndpointAreCountedNotThrown() {
        runtime.close();

        // The kernel reports a refused datagram on the next send; loopback delivers that report at
        // once, so a few beats suffice, and the bound keeps a broken client from looping forever.
        for (int i = 0; i < 1_000 && client.failedSends() == 0; i++) {
            assertDoesNotThrow(client::beat);
        }

        assertTrue(client.failedSends() > 0, "failed sends are counted");
    }

    @Test
    void callsAfterCloseSendNothingAndThrowNothing() throws IOException {
        client.close();
        client.close();

        client.beat();
        client.ready();
        client.status("closed");
        client.enter("commit", 1000).close();
        try (HeartbeatClient marker = HeartbeatClient.connect(TOKEN.toLowerCase(), runtime.endpoint())) {
            marker.ready();
        }

        assertEquals(TOKEN.toLowerCase() + " READY", runtime.nextText(), "the closed client sent nothing before");
        assertEquals(0, client.failedSends(), "sends after close are not failures");
    }

    @Test
    void beatFromAnInterruptedThreadKeepsTheClientOpen() throws IOException {
        // An interrupt must not close the channel for every other thread, as a blocking send would.
        Thread.currentThread().interrupt();
        try {
            client.beat();
        } finally {
            assertTrue(Thread.interrupted(), "the interrupt status is left for the application");
        }
        client.beat();

        assertEquals(TOKEN + " HB", runtime.nextText());
        assertEquals(TOKEN + " HB", runtime.nextText());
        assertEquals(0, client.failedSends());
    }

    @Test
    void concurrentBeatsEachSendTheWholeDatagram() throws Exception {
        int threads = 4;
        int beatsPerThread = 25; // few enough that the receiver's buffer holds them all
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            Set<Future<?>> beaters = new HashSet<>();
            for (int t = 0; t < threads; t++) {
                beaters.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < beatsPerThread; i++) {
                        client.beat();
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> beater : beaters) {
                beater.get();
            }
        } finally {
            pool.shutdownNow();
        }

        for (int i = 0; i < threads * beatsPerThread; i++) {
            assertEquals(TOKEN + " HB", runtime.nextText(), "datagram " + i);
        }
        assertEquals(0, client.failedSends());
    }

    @Test
    void toStringKeepsTheTokenSecret() {
        assertFalse(client.toString().contains(TOKEN), client.toString());
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
