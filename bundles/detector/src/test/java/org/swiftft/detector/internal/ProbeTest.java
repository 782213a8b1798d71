package org.swiftft.detector.internal;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.swiftft.detector.ProbeSpec;

/** Probes against real sockets. */
class ProbeTest {

    @Test
    void httpProbeThatTricklesItsAnswerFailsAtItsTotalTimeoutNotPerRead() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread trickler = new Thread(() -> trickle(server, 100, 100)); // 10 s of body, a byte every 100 ms
            trickler.setDaemon(true);
            trickler.start();
            long start = System.nanoTime();

            String failure = Probe.check(http(server, 500));

            long tookMillis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(failure != null && failure.contains("did not answer in full within 500 ms"), failure);
            assertTrue(tookMillis < 5_000, "a read timeout alone would wait 10 s; took " + tookMillis + " ms");
        }
    }

    @Test
    void httpProbeWithTheExpectedStatusAndBodyPasses() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread answerer = new Thread(() -> trickle(server, 4, 0));
            answerer.setDaemon(true);
            answerer.start();

            assertNull(Probe.check(http(server, 2_000)));
        }
    }

    private static ProbeSpec http(ServerSocket server, long timeoutMillis) {
        ProbeSpec probe = new ProbeSpec();
        probe.type = ProbeSpec.Type.HTTP;
        probe.target = "http://127.0.0.1:" + server.getLocalPort() + "/health";
        probe.timeoutMillis = timeoutMillis;
        probe.expectStatus = 200;
        probe.expectBody = "o";
        return probe;
    }

    /** Answers 200 with a body of {@code length} bytes of "o", one every {@code pauseMillis}. */
    private static void trickle(ServerSocket server, int length, long pauseMillis) {
        try (Socket client = server.accept(); OutputStream out = client.getOutputStream()) {
            client.getInputStream().read(new byte[4096]); // the request
            out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + length + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            for (int i = 0; i < length; i++) {
                Thread.sleep(pauseMillis);
                out.write('o');
                out.flush();
            }
        } catch (IOException | InterruptedException e) {
            // the probe hung up: what the test wanted to see
        }
    }
}
