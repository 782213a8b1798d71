package org.swiftft.itest;


import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.swiftft.heartbeat.HeartbeatCredentials;
import org.swiftft.heartbeat.HeartbeatDeadlines;
import org.swiftft.heartbeat.HeartbeatProtocol;
import org.swiftft.heartbeat.HeartbeatSpec;

/**
 * Benchmark, not a test (profile -Pbench): how late a hang verdict comes after its deadline, and how
 * many heartbeat datagrams per second the endpoint takes from one sender.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HeartbeatBenchIT {

    private static final int APPLICATIONS = 200;
    private static final long TIMEOUT_MS = 200;
    private static final int DATAGRAMS = 500_000;

    @Inject
    private HeartbeatDeadlines heartbeats;

    @Configuration
    public Option[] configuration() throws Exception {
        return TestRuntime.paxOptions("heartbeat-bench", "runtime", "heartbeat").toArray(new Option[0]);
    }

    @Test
    public void verdictLatenessAndIngestRate() throws Exception {
        long[] lateness = new long[APPLICATIONS];
        CountDownLatch verdicts = new CountDownLatch(APPLICATIONS);
        for (int i = 0; i < APPLICATIONS; i++) {
            int index = i;
            long[] deadline = new long[1];
            heartbeats.track("hb" + i, new HeartbeatSpec(TIMEOUT_MS, 0), missed -> {
                lateness[index] = System.nanoTime() - deadline[0];
                verdicts.countDown();
            });
            deadline[0] = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS);
            heartbeats.beat("hb" + i);
            Thread.sleep(3); // deadlines spread over 0.6 s, as real ones are
        }
        if (!verdicts.await(30, TimeUnit.SECONDS)) {
            throw new AssertionError("not every verdict came");
        }
        System.out.println(summary("deadline -> hang verdict (ms)", lateness));

        HeartbeatCredentials sender = heartbeats.track("flooder", new HeartbeatSpec(0, 0), missed -> { });
        String[] endpoint = sender.environment().get(HeartbeatProtocol.ENV_HEARTBEAT).split(":");
        InetSocketAddress target = new InetSocketAddress(endpoint[0], Integer.parseInt(endpoint[1]));
        long acceptedBefore = heartbeats.stats().accepted;
        ByteBuffer datagram = ByteBuffer.wrap((sender.token() + " HB").getBytes(StandardCharsets.UTF_8));
        long started = System.nanoTime();
        try (DatagramChannel channel = DatagramChannel.open()) {
            for (int i = 0; i < DATAGRAMS; i++) {
                datagram.rewind();
                channel.send(datagram, target);
            }
        }
        Thread.sleep(500); // let the receiver drain its buffer
        double seconds = (System.nanoTime() - started) / 1e9;
        long accepted = heartbeats.stats().accepted - acceptedBefore;
        System.out.printf("BENCH heartbeat ingest: %d of %d datagrams accepted in %.2f s: %.0f per second (one sender, one receiver thread)%n",
                accepted, DATAGRAMS, seconds, accepted / seconds);

        // CPU of the receiving thread at a steady 1,000 heartbeats per second, for 10 s.
        long receiver = Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().startsWith("swift-heartbeat-udp")).findFirst().orElseThrow().getId();
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long cpuBefore = threads.getThreadCpuTime(receiver);
        long steadyStart = System.nanoTime();
        try (DatagramChannel channel = DatagramChannel.open()) {
            for (int i = 0; i < 10_000; i++) {
                datagram.rewind();
                channel.send(datagram, target);
                long due = steadyStart + TimeUnit.MILLISECONDS.toNanos(i + 1);
                while (System.nanoTime() < due) {
                    Thread.onSpinWait();
                }
            }
        }
        Thread.sleep(200);
        double cpuMs = (threads.getThreadCpuTime(receiver) - cpuBefore) / 1e6;
        double wallS = (System.nanoTime() - steadyStart) / 1e9;
        System.out.printf("BENCH heartbeat CPU at 1,000 per second: %.1f ms of CPU in %.1f s: %.2f %% of one core%n",
                cpuMs, wallS, cpuMs / (wallS * 10));
    }

    private static String summary(String what, long[] nanos) {
        double[] millis = Arrays.stream(nanos).sorted().mapToDouble(n -> n / 1e6).toArray();
        return String.format("BENCH %s: p50 %.2f, p99 %.2f, min %.2f, max %.2f (n=%d)", what, millis[millis.length / 2],
                millis[(int) (millis.length * 0.99)], millis[0], millis[millis.length - 1], millis.length);
    }
}
