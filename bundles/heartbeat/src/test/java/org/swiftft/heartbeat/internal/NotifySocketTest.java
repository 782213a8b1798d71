package org.swiftft.heartbeat.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.swiftft.heartbeat.DropReason;
import org.swiftft.heartbeat.HeartbeatSpec;

/** Real AF_UNIX datagrams with kernel credentials, sent by a real other process (python3, as a daemon would). */
class NotifySocketTest {

    private final DropCounters counters = new DropCounters();
    private final DeadlineTable table = new DeadlineTable(counters, m -> { }, problem -> { });
    private final NotifySocket socket;

    NotifySocketTest() throws Exception {
        socket = new NotifySocket("swift-notify-test-" + System.nanoTime(), table::acceptNotify);
    }

    @AfterEach
    void close() {
        socket.close();
        table.close();
    }

    @Test
    void messagesFromTheWatchedProcessCount() throws Exception {
        table.track("daemon", new HeartbeatSpec(60_000, 0), missed -> { });
        Process daemon = send("READY=1\nSTATUS=serving\nWATCHDOG=1\nWATCHDOG_USEC=5000000");
        table.attach("daemon", daemon.pid()); // the runtime attaches right after the launch
        assertEquals(0, daemon.waitFor());
        await(() -> table.status("daemon").map(s -> s.ready && "serving".equals(s.statusText)).orElse(false));
        assertEquals(5000, table.status("daemon").get().timeoutMillis, "WATCHDOG_USEC wins over the configured timeout");
        assertTrue(table.status("daemon").get().lastBeat > 0);
    }

    @Test
    void messagesFromAnyOtherProcessAreForeignAndIgnored() throws Exception {
        table.track("daemon", new HeartbeatSpec(60_000, 0), missed -> { });
        table.attach("daemon", ProcessHandle.current().pid() + 1_000_000); // not the sender nor its ancestor
        Process spoofer = send("READY=1\nWATCHDOG=1");
        assertEquals(0, spoofer.waitFor());
        await(() -> counters.dropped().getOrDefault(DropReason.FOREIGN_SENDER, 0L) == 1);
        assertEquals(false, table.status("daemon").get().ready);
    }

    @Test
    void descriptorsPassedWithAMessageAreClosedNotKept() throws Exception {
        long before = openDescriptors();
        String address = socket.address().substring(1);
        Process sender = new ProcessBuilder("python3", "-c", "import socket, sys, os\n"
                + "s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)\n"
                + "f = os.open('/dev/null', os.O_RDONLY)\n"
                + "for i in range(50): s.sendmsg([b'X'], [(socket.SOL_SOCKET, socket.SCM_RIGHTS, bytes(__import__('array').array('i', [f] * 4)))], 0, '\\0' + sys.argv[1])\n",
                address).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.INHERIT).start();
        assertEquals(0, sender.waitFor());
        await(() -> counters.dropped().getOrDefault(DropReason.FOREIGN_SENDER, 0L) == 50);
        assertTrue(openDescriptors() - before < 20, "200 passed descriptors were closed: " + before + " -> " + openDescriptors());
    }

    private static long openDescriptors() throws java.io.IOException {
        try (var fds = java.nio.file.Files.list(java.nio.file.Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    /** A python3 process that waits a moment (so that it can be attached), then sends one datagram. */
    private Process send(String message) throws Exception {
        String address = socket.address().substring(1);
        return new ProcessBuilder("python3", "-c", "import socket, sys, time; time.sleep(0.3); "
                + "s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM); s.sendto(sys.argv[2].encode(), '\\0' + sys.argv[1])",
                address, message).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.INHERIT).start();
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 10 s");
            }
            Thread.sleep(10);
        }
    }
}
