package org.swiftft.demo;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.swiftft.libft.heartbeat.HeartbeatClient;
import org.swiftft.libft.runtime.ConnectionOptions;
import org.swiftft.libft.runtime.RuntimeConnection;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The demo the default runtime supervises: a web page on 127.0.0.1 ($DEMO_PORT, 8480 by default)
 * that heartbeats every 200 ms through libft and fails on request, so a newcomer can watch SwiFT
 * detect and recover:
 * <ul>
 * <li>{@code /crash}: exits at once with status 3 (a crash verdict);
 * <li>{@code /hang}: stops heartbeating, as a deadlocked server would (a hang verdict);
 * <li>{@code /stuck}: enters the critical region "work" with a 1 s deadline and never leaves it.
 * </ul>
 * Through libft's connection to the runtime it answers {@code STATS} (its own request:
 * {@code app:request demo STATS}) and is told before an operator's stop ({@code PREPARE_STOP}).
 */
public final class Demo {

    private static final long BEAT_EVERY_MS = 200;

    private final AtomicBoolean beating = new AtomicBoolean(true);
    private final AtomicLong requests = new AtomicLong();
    private final Instant started = Instant.now();
    private final Optional<RuntimeConnection> runtime;
    private final Optional<HeartbeatClient> heartbeat;

    /** {@code Demo} as the runtime launches it, or {@code Demo --register NAME} to register itself (FtRegWatch). */
    public static void main(String[] args) throws IOException {
        String registerAs = args.length == 2 && args[0].equals("--register") ? args[1] : null;
        new Demo(registerAs).run(Integer.parseInt(System.getenv().getOrDefault("DEMO_PORT", "8480")));
    }

    private Demo(String registerAs) {
        runtime = connectToTheRuntime(registerAs);
        heartbeat = runtime.flatMap(RuntimeConnection::heartbeat).or(HeartbeatClient::fromEnvironment);
    }

    private void run(int port) throws IOException {
        ScheduledExecutorService beats = Executors.newSingleThreadScheduledExecutor();
        beats.scheduleAtFixedRate(() -> {
            if (beating.get()) {
                heartbeat.ifPresent(HeartbeatClient::beat);
            }
        }, 0, BEAT_EVERY_MS, TimeUnit.MILLISECONDS);
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
            server.createContext("/", this::page);
            server.createContext("/crash", exchange -> {
                reply(exchange, "crashing now (exit status 3)\n");
                Runtime.getRuntime().halt(3);
            });
            server.createContext("/hang", exchange -> {
                beating.set(false);
                reply(exchange, "no more heartbeats: SwiFT will find me hung and restart me\n");
            });
            server.createContext("/stuck", exchange -> {
                heartbeat.ifPresent(client -> client.enter("work", 1000));
                reply(exchange, "entered region 'work' (1 s deadline) and never leaving it\n");
            });
            server.start();
            System.out.println("SwiFT demo (pid " + ProcessHandle.current().pid() + ") on http://127.0.0.1:" + port
                    + (heartbeat.isPresent() ? ", heartbeating" : ", not supervised by SwiFT"));
        } catch (IOException e) {
            System.out.println("SwiFT demo: no web page, port " + port + " is not free (" + e.getMessage()
                    + "); set DEMO_PORT. Heartbeating anyway.");
        }
        heartbeat.ifPresent(HeartbeatClient::ready);
    }

    /**
     * libft's connection: a request of the demo's own (STATS), the notice before an operator's stop,
     * and, when asked to, the registration of a process the runtime did not launch.
     */
    private Optional<RuntimeConnection> connectToTheRuntime(String registerAs) {
        ConnectionOptions options = RuntimeConnection.options()
                .onRequest("STATS", argument -> requests.get() + " requests served since " + started)
                .onRequest(RuntimeConnection.PREPARE_STOP, grace -> {
                    System.out.println("SwiFT demo: asked to prepare to stop (SIGTERM follows; grace period " + grace + " ms)");
                    return "bye after " + requests.get() + " requests";
                });
        try {
            if (registerAs == null) {
                return options.connect();
            }
            return Optional.of(options.name(registerAs).heartbeatTimeoutMillis(2000).register());
        } catch (IOException | IllegalArgumentException e) {
            System.out.println("SwiFT demo: no connection to the runtime (" + e.getMessage() + ")");
            return Optional.empty();
        }
    }

    private void page(HttpExchange exchange) throws IOException {
        reply(exchange, "SwiFT demo, pid " + ProcessHandle.current().pid() + ", up since " + started + ", request "
                + requests.incrementAndGet() + (beating.get() ? "" : ", NOT heartbeating") + "\n"
                + "Try /crash, /hang or /stuck, then bin/swift app:list and bin/swift app:history demo\n");
    }

    private static void reply(HttpExchange exchange, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
