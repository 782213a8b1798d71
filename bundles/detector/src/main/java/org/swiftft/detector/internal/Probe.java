package org.swiftft.detector.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.swiftft.detector.ProbeSpec;

/**
 * One check of whether an application serves: a TCP connect, an HTTP request, or a command. Runs on
 * a probe thread, never longer than the probe's timeout.
 */
final class Probe {

    private static final int BODY_LIMIT = 64 * 1024;

    /** Ends HTTP probes at their timeout: HttpURLConnection's own timeouts are per connect and per read, not in total. */
    private static final ScheduledExecutorService DEADLINES = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "swift-probe-deadlines");
        thread.setDaemon(true);
        return thread;
    });

    private Probe() {
    }

    /** @return {@code null} if the probe passed, else why it failed, one line */
    static String check(ProbeSpec probe) {
        try {
            switch (probe.type) {
                case TCP:
                    return tcp(probe);
                case HTTP:
                    return http(probe);
                case COMMAND:
                    return command(probe);
                default:
                    return "unknown probe type " + probe.type;
            }
        } catch (IOException | RuntimeException e) {
            return probe.type + " " + probe.target + ": " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private static String tcp(ProbeSpec probe) throws IOException {
        int colon = probe.target.lastIndexOf(':');
        if (colon <= 0) {
            return "TCP target " + probe.target + " is not host:port";
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(probe.target.substring(0, colon),
                    Integer.parseInt(probe.target.substring(colon + 1))), (int) probe.timeoutMillis);
            return null;
        }
    }

    private static String http(ProbeSpec probe) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) URI.create(probe.target).toURL().openConnection();
        connection.setConnectTimeout((int) probe.timeoutMillis);
        connection.setReadTimeout((int) probe.timeoutMillis);
        connection.setInstanceFollowRedirects(false);
        AtomicBoolean late = new AtomicBoolean();
        ScheduledFuture<?> deadline = DEADLINES.schedule(() -> {
            late.set(true);
            connection.disconnect(); // closes the socket under a read that trickles along
        }, probe.timeoutMillis, TimeUnit.MILLISECONDS);
        try {
            String answer = httpAnswer(probe, connection);
            // the deadline's disconnect can end a trickling body as if it were complete: a short body passes
            return late.get() ? "HTTP " + probe.target + " did not answer in full within " + probe.timeoutMillis + " ms"
                    : answer;
        } catch (IOException e) {
            if (late.get()) {
                return "HTTP " + probe.target + " did not answer in full within " + probe.timeoutMillis + " ms";
            }
            throw e;
        } finally {
            deadline.cancel(false);
            connection.disconnect();
        }
    }

    private static String httpAnswer(ProbeSpec probe, HttpURLConnection connection) throws IOException {
        int status = connection.getResponseCode();
        if (status != probe.expectStatus) {
            return "HTTP " + probe.target + " answered " + status + ", expected " + probe.expectStatus;
        }
        if (probe.expectBody != null) {
            String body;
            try (InputStream in = connection.getInputStream()) {
                body = new String(in.readNBytes(BODY_LIMIT), StandardCharsets.UTF_8);
            }
            if (!body.contains(probe.expectBody)) {
                return "HTTP " + probe.target + ": the body does not contain \"" + probe.expectBody + "\"";
            }
        }
        return null;
    }

    private static String command(ProbeSpec probe) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("/bin/sh", "-c", probe.target).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            if (!process.waitFor(probe.timeoutMillis, TimeUnit.MILLISECONDS)) {
                return "command " + probe.target + " did not end within " + probe.timeoutMillis + " ms";
            }
            return process.exitValue() == 0 ? null : "command " + probe.target + " exited with " + process.exitValue();
        } finally {
            // Late, or the probe was stopped: neither the shell nor what it started may outlive the probe.
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }
}
