package org.swiftft.heartbeat.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.swiftft.heartbeat.DropReason;
import org.swiftft.heartbeat.HeartbeatSpec;
import org.swiftft.heartbeat.MissedDeadline;

/** Real datagrams on a real loopback socket. */
class UdpHeartbeatEndpointTest {

    private final DropCounters counters = new DropCounters();
    private final BlockingQueue<MissedDeadline> missed = new LinkedBlockingQueue<>();
    private final DeadlineTable table = new DeadlineTable(counters, m -> { }, problem -> { });
    private UdpHeartbeatEndpoint endpoint;

    @AfterEach
    void close() throws Exception {
        endpoint.close();
        table.close();
    }

    @Test
    void garbageAndForeignTokensAreCountedWhileAHealthyChildStaysHealthy() throws Exception {
        endpoint = new UdpHeartbeatEndpoint(new InetSocketAddress("127.0.0.1", 0), 4 * 1024 * 1024, table, counters,
                problem -> { });
        String stale = table.track("healthy", new HeartbeatSpec(0, 0), missed::add);
        String token = table.track("healthy", new HeartbeatSpec(500, 0), missed::add);
        String[] port = endpoint.address().split(":");
        InetSocketAddress target = new InetSocketAddress(port[0], Integer.parseInt(port[1]));
        AtomicBoolean flooding = new AtomicBoolean(true);
        Thread flood = new Thread(() -> {
            try (DatagramChannel attacker = DatagramChannel.open()) {
                byte[][] garbage = {"nonsense".getBytes(StandardCharsets.UTF_8),
                    ("f".repeat(32) + " HB").getBytes(StandardCharsets.UTF_8),
                    (stale + " HB").getBytes(StandardCharsets.UTF_8),
                    (token + " FLY").getBytes(StandardCharsets.UTF_8),
                    new byte[600]};
                for (int i = 0; flooding.get(); i++) {
                    attacker.send(ByteBuffer.wrap(garbage[i % garbage.length]), target);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        flood.start();
        try (DatagramChannel child = DatagramChannel.open()) {
            ByteBuffer heartbeat = ByteBuffer.wrap((token + " HB").getBytes(StandardCharsets.UTF_8));
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            while (System.nanoTime() < until) {
                heartbeat.rewind();
                child.send(heartbeat, target);
                Thread.sleep(50);
            }
        } finally {
            flooding.set(false);
            flood.join();
        }
        assertNull(missed.poll(0, TimeUnit.MILLISECONDS), "the flood caused no false verdict");
        assertTrue(counters.acceptedCount() >= 20, "heartbeats got through: " + counters.acceptedCount());
        for (DropReason reason : new DropReason[] {DropReason.MALFORMED, DropReason.BAD_TOKEN, DropReason.STALE_TOKEN,
            DropReason.UNKNOWN_VERB, DropReason.OVERSIZE}) {
            assertTrue(counters.dropped().getOrDefault(reason, 0L) > 0, reason + " counted: " + counters.dropped());
        }
    }

    @Test
    void shellOneLinerIsAHeartbeat() throws Exception {
        endpoint = new UdpHeartbeatEndpoint(new InetSocketAddress("127.0.0.1", 0), 1 << 20, table, counters,
                problem -> { });
        String token = table.track("script", new HeartbeatSpec(0, 0), missed::add);
        String[] port = endpoint.address().split(":");
        ProcessBuilder bash = new ProcessBuilder("bash", "-c",
                "echo \"$SWIFT_TOKEN HB\" > /dev/udp/" + port[0] + "/" + port[1]);
        bash.environment().put("SWIFT_TOKEN", token);
        assertEquals(0, bash.start().waitFor());
        long deadline = System.currentTimeMillis() + 5000;
        while (counters.acceptedCount() == 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(1, counters.acceptedCount(), "the README's one-liner, with its trailing newline, is accepted");
    }
}
