package org.swiftft.libft.heartbeat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Tells the SwiFT runtime that this process is alive: periodic heartbeats, readiness, a status
 * line, and regions of code that must finish within a deadline — the heartbeat calls of the
 * original SwiFT libft, which a process made to its watchd. Messages go one way, as UDP datagrams
 * of the runtime's heartbeat protocol; nothing comes back.
 *
 * <p><b>Threading:</b> thread-safe; any thread may call any method at any time, including
 * {@link #close()}.
 *
 * <p><b>Failure behaviour:</b> a message that cannot be sent (the runtime is not listening, the
 * socket buffer is full) is dropped and counted in {@link #failedSends()}, never thrown: a heartbeat
 * must never fail the application. A message is lost silently if the runtime drops it; the runtime
 * counts those on its side. Invalid arguments are programming errors and throw
 * {@link IllegalArgumentException} (or {@link NullPointerException}) whether or not the client is
 * open. After {@link #close()} every method sends nothing.
 *
 * <p><b>Cost:</b> {@link #beat()} neither allocates nor blocks, so it may run on a hot path; the
 * other messages allocate their datagram.
 */
public final class HeartbeatClient implements AutoCloseable {

    /**
     * Where messages go and with which token: replaced as a whole when the runtime this process
     * registered with restarts and issues a new token ({@link #retarget}).
     *
     * @param heartbeat {@code TOKEN HB}, encoded once; its position is guarded by locking the buffer itself
     */
    private record Target(DatagramChannel channel, InetSocketAddress endpoint, HeartbeatDatagrams datagrams,
            ByteBuffer heartbeat) {
    }

    private volatile Target target;
    private volatile boolean closed;
    private final AtomicLong failedSends = new AtomicLong();

    private HeartbeatClient(Target target) {
        this.target = target;
    }

    /**
     * A client for this process, if the SwiFT runtime launched it: reads {@code SWIFT_TOKEN} and
     * {@code SWIFT_HEARTBEAT} from {@link System#getenv()}.
     *
     * @return empty when the variables are absent, so that the application runs unchanged outside SwiFT
     * @throws IllegalArgumentException when only one variable is set or one is malformed; the message
     *                                  names the variable and its value (a token masked)
     * @throws UncheckedIOException     when no datagram socket can be opened
     */
    public static Optional<HeartbeatClient> fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /**
     * As {@link #fromEnvironment()}, from the given environment: for tests, and for launchers that
     * pass an environment along to the code they run.
     */
    public static Optional<HeartbeatClient> fromEnvironment(Map<String, String> environment) {
        return LaunchEnvironment.read(environment).map(launch -> connect(launch.token(), launch.endpoint()));
    }

    /**
     * A client that sends to {@code endpoint} with {@code token}.
     *
     * @param token    32 hex digits, as the runtime issued them
     * @param endpoint the runtime's heartbeat endpoint, resolved
     * @throws IllegalArgumentException when the token is malformed (shown masked) or the endpoint unresolved
     * @throws UncheckedIOException     when no datagram socket can be opened
     */
    public static HeartbeatClient connect(String token, InetSocketAddress endpoint) {
        return new HeartbeatClient(target(token, endpoint));
    }

    /**
     * Parses the runtime's heartbeat endpoint as the runtime hands it out ({@code host:port}, as in
     * {@code SWIFT_HEARTBEAT}).
     *
     * @throws IllegalArgumentException naming the value when it is not {@code host:port}
     */
    public static InetSocketAddress endpoint(String hostAndPort) {
        return LaunchEnvironment.endpoint(hostAndPort);
    }

    /**
     * Sends from now on to {@code endpoint} with {@code token}: for a process that registered itself
     * with a runtime that has since restarted and issued new credentials. Messages in flight may
     * still use the old ones.
     *
     * @throws IllegalArgumentException as {@link #connect}
     * @throws UncheckedIOException     when no datagram socket can be opened; the old target stays
     */
    public void retarget(String token, InetSocketAddress endpoint) {
        if (closed) {
            return;
        }
        Target previous = target;
        target = target(token, endpoint);
        closeQuietly(previous.channel());
        if (closed) {
            closeQuietly(target.channel()); // closed meanwhile: stay closed
        }
    }

    private static Target target(String token, InetSocketAddress endpoint) {
        HeartbeatDatagrams datagrams = new HeartbeatDatagrams(token);
        Objects.requireNonNull(endpoint, "endpoint");
        if (endpoint.isUnresolved() || endpoint.getPort() == 0) {
            throw new IllegalArgumentException("Heartbeat endpoint " + endpoint
                    + " is unresolved or has port 0; pass the runtime's resolved host:port, such as 127.0.0.1:41234");
        }
        try {
            DatagramChannel channel = DatagramChannel.open();
            try {
                // Non-blocking so that a send never waits; connected so that each send names no
                // address (no allocation) and the kernel reports an unreachable runtime.
                channel.configureBlocking(false);
                channel.connect(endpoint);
                return new Target(channel, endpoint, datagrams, datagrams.heartbeat());
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open a datagram socket to the heartbeat endpoint " + endpoint, e);
        }
    }

    /**
     * Sends a heartbeat ({@code TOKEN HB}). Allocates nothing and never blocks on the network; a
     * failure is counted in {@link #failedSends()}, never thrown.
     */
    public void beat() {
        // One pre-encoded buffer shared by all threads, so beating allocates nothing; the lock only
        // makes rewinding it safe. It is uncontended in practice (one timer thread beats) and held
        // for one non-blocking send, so no thread waits on the network; a per-thread copy would
        // allocate on every new thread instead.
        Target now = target;
        synchronized (now.heartbeat()) {
            now.heartbeat().rewind();
            send(now.channel(), now.heartbeat());
        }
    }

    /** Tells the runtime that start-up is over ({@code TOKEN READY}), which starts its heartbeat clock. */
    public void ready() {
        send(target.datagrams().ready());
    }

    /**
     * Sets the status line the runtime shows for this process ({@code TOKEN STATUS text}). Control
     * characters, newlines included, become spaces; text beyond the 512-byte datagram is cut off.
     *
     * @throws NullPointerException when {@code text} is null
     */
    public void status(String text) {
        send(target.datagrams().status(text));
    }

    /**
     * Opens a region that must be left within {@code timeoutMillis}, or the runtime counts the
     * process as hung ({@code TOKEN ENTER region timeout}). Entering an open region again restarts
     * its deadline. Use the returned handle in try-with-resources to leave it.
     *
     * @param region        1 to 64 characters, no whitespace or control characters
     * @param timeoutMillis positive
     * @return a handle whose {@link Region#close()} leaves the region
     * @throws IllegalArgumentException when the name or the timeout is invalid; nothing is sent
     */
    public Region enter(String region, long timeoutMillis) {
        send(target.datagrams().enter(region, timeoutMillis));
        return new Region(this, region);
    }

    /**
     * Closes a region ({@code TOKEN LEAVE region}). Leaving a region that is not open is counted
     * and ignored by the runtime.
     *
     * @throws IllegalArgumentException when the name is invalid; nothing is sent
     */
    public void leave(String region) {
        send(target.datagrams().leave(region));
    }

    /** How many messages could not be sent since this client was opened; sends after close are not counted. */
    public long failedSends() {
        return failedSends.get();
    }

    /** Closes the socket; idempotent. Later calls send nothing and throw nothing. */
    @Override
    public void close() {
        closed = true;
        closeQuietly(target.channel());
    }

    private static void closeQuietly(DatagramChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // Closing a datagram socket frees a descriptor and flushes nothing: no data is lost.
        }
    }

    private void send(ByteBuffer datagram) {
        Target now = target;
        send(now.channel(), datagram);
    }

    private void send(DatagramChannel channel, ByteBuffer datagram) {
        if (!channel.isOpen()) {
            return;
        }
        try {
            if (channel.write(datagram) == 0) {
                failedSends.incrementAndGet(); // the socket buffer is full
            }
        } catch (ClosedChannelException e) {
            // Closed by another thread during the send: as after close, nothing to report.
        } catch (IOException e) {
            // Typically PortUnreachableException: an earlier datagram found no runtime listening.
            failedSends.incrementAndGet();
        }
    }

    @Override
    public String toString() {
        // The token is a secret: keep it out of logs.
        Target now = target;
        return "HeartbeatClient[" + now.endpoint() + (now.channel().isOpen() ? "" : ", closed") + "]";
    }
}
