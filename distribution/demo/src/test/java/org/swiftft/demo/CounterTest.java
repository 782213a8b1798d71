package org.swiftft.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The counter as its clients and its runtime see it: a real process in {@code --plain} mode, over TCP. */
@Timeout(120)
class CounterTest {

    @TempDir
    Path root;

    private Path dir() {
        return root.resolve("set");
    }

    @Test
    void badRequestsAreAnsweredWithAnErrorAndTheConnectionGoesOn() throws Exception {
        try (CounterProcess counter = CounterProcess.start(dir(), Map.of("SWIFT_EPOCH", "4"), "--port", "0");
                CounterClient client = new CounterClient(counter.awaitServing())) {
            for (String bad : List.of("", "HELLO", "ADD", "ADD visits", "ADD visits many", "ADD visits 1 2", "GET",
                    "SEQ 1", "ADD visits 99999999999999999999", "x".repeat(5000), "GET " + "k".repeat(200))) {
                String answer = client.ask(bad);
                assertTrue(answer.startsWith("ERROR ") && answer.contains("send"), "'" + abbreviated(bad) + "' got " + answer);
            }
            assertEquals("OK visits 2 1", client.ask("ADD visits 2"));
            assertEquals("OK visits -3 2", client.ask("add visits -5"));
            assertEquals("OK big 9223372036854775807 3", client.ask("ADD big 9223372036854775807"));
            assertTrue(client.ask("ADD big 1").startsWith("ERROR adding 1 to big"), "overflow refused");
            assertEquals("VALUE visits -3", client.ask("GET visits"));
            assertEquals("VALUE never 0", client.ask("GET never"));
            assertEquals("SEQ 3", client.ask("SEQ"), "refused changes take no seq");
            assertEquals("ROLE primary EPOCH 4", client.ask("ROLE"));
        }
    }

    @Test
    void tornJournalTailIsCutAndChangesAfterItSurvive() throws Exception {
        try (CounterProcess counter = CounterProcess.start(dir(), Map.of(), "--port", "0");
                CounterClient client = new CounterClient(counter.awaitServing())) {
            assertEquals("OK a 5 1", client.ask("ADD a 5"));
            assertEquals("OK b 7 2", client.ask("ADD b 7"));
        }
        Path journal = dir().resolve(CounterRecovery.JOURNAL);
        long whole = Files.size(journal);
        // a record killed mid-write: its header promises 20 bytes, 5 made it
        Files.write(journal, ByteBuffer.allocate(13).putInt(20).putInt(12345).put("3 a 1".getBytes()).array(),
                StandardOpenOption.APPEND);
        try (CounterProcess counter = CounterProcess.start(dir(), Map.of(), "--port", "0")) {
            assertEquals("counter: cut a torn journal tail: 13 bytes after byte " + whole, counter.awaitLine("counter: cut"));
            int port = counter.awaitServing();
            assertEquals(whole, Files.size(journal), "cut back to the whole records");
            try (CounterClient client = new CounterClient(port)) {
                assertEquals("VALUE a 5", client.ask("GET a"));
                assertEquals("OK a 6 3", client.ask("ADD a 1"));
            }
        }
        try (CounterProcess counter = CounterProcess.start(dir(), Map.of(), "--port", "0");
                CounterClient client = new CounterClient(counter.awaitServing())) {
            assertEquals("VALUE a 6", client.ask("GET a"), "the change logged after the cut is replayed");
            assertEquals("SEQ 3", client.ask("SEQ"));
        }
    }

    @Test
    void standbyDoesNotListenUntilPromotedThenServesWhatThePrimaryWrote() throws Exception {
        int port = freePort();
        try (CounterProcess primary = CounterProcess.start(dir(), Map.of(), "--port", "0");
                CounterProcess standby = CounterProcess.start(dir(), Map.of("SWIFT_ROLE", "standby", "SWIFT_EPOCH", "1"),
                        "--port", Integer.toString(port), "--promote-on-stdin")) {
            try (CounterClient client = new CounterClient(primary.awaitServing())) {
                assertEquals("OK x 3 1", client.ask("ADD x 3"));
                standby.awaitLine("standby for set set at epoch 1");
                assertThrows(ConnectException.class, () -> new CounterClient(port).close(), "a standby opens no port");
                assertEquals("OK x 7 2", client.ask("ADD x 4")); // written after the standby started
            }
            primary.kill();
            standby.tell("PROMOTE 2");
            assertEquals(port, standby.awaitServing());
            assertEquals("promoted at seq 2", standby.awaitLine("promoted"));
            try (CounterClient client = new CounterClient(port)) {
                assertEquals("VALUE x 7", client.ask("GET x"));
                assertEquals("ROLE primary EPOCH 2", client.ask("ROLE"));
                assertEquals("OK x 8 3", client.ask("ADD x 1"));
            }
        }
    }

    @Test
    void standbyWithNoWayToBePromotedRefusesToStart() throws Exception {
        try (CounterProcess standby = CounterProcess.start(dir(), Map.of("SWIFT_ROLE", "standby"), "--port", "0")) {
            assertEquals(1, standby.awaitExit());
            assertTrue(standby.stderr().contains("--promote-on-stdin"), standby.stderr());
        }
    }

    @Test
    void sigtermClosesConnectionsAndExitsZeroKeepingChanges() throws Exception {
        try (CounterProcess counter = CounterProcess.start(dir(), Map.of(), "--port", "0");
                CounterClient client = new CounterClient(counter.awaitServing())) {
            assertEquals("OK k 1 1", client.ask("ADD k 1"));
            assertEquals(0, counter.terminate());
            assertEquals("counter: stopped at seq 1", counter.awaitLine("counter: stopped"));
            assertNull(client.read(), "the connection is closed");
        }
        try (CounterProcess counter = CounterProcess.start(dir(), Map.of(), "--port", "0");
                CounterClient client = new CounterClient(counter.awaitServing())) {
            assertEquals("VALUE k 1", client.ask("GET k"));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String abbreviated(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "..." : text;
    }
}
