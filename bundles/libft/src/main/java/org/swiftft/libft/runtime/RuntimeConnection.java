package org.swiftft.libft.runtime;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.swiftft.libft.heartbeat.HeartbeatClient;
import org.swiftft.libft.runtime.wire.ControlProtocol;
import org.swiftft.libft.runtime.wire.LineChannel;

/**
 * This application's connection to its local SwiFT runtime: self-registration (the original
 * FtRegWatch; {@link #unregister()} is FtDelWatch) and the runtime's requests to the application —
 * take a checkpoint, prepare to stop, become primary — answered by the handlers given in
 * {@link ConnectionOptions#onRequest}.
 *
 * <pre>
 * RuntimeConnection runtime = RuntimeConnection.options()
 *         .onRequest(RuntimeConnection.CHECKPOINT, reason -&gt; { state.checkpoint(); return "taken"; })
 *         .name("orders").heartbeatTimeoutMillis(2_000)
 *         .register();
 * runtime.heartbeat().ifPresent(heartbeat -&gt; ...);
 * </pre>
 *
 * <p><b>Threading:</b> thread-safe. Requests are handled one at a time on the connection's request
 * thread; a handler that takes long delays the next request, not heartbeats.
 *
 * <p><b>Failure behaviour:</b> a process the runtime launched loses the connection only when the
 * runtime goes, and then goes too (the runtime's children die with it). A self-registered process is
 * not the runtime's child: it keeps running, and the connection registers it again as soon as the
 * runtime is back (retrying every 0.1 to 5 s), with fresh heartbeat credentials.
 */
public final class RuntimeConnection implements AutoCloseable {

    /** The runtime's application socket, set for every process it launches. */
    public static final String ENV_CONTROL = ControlProtocol.ENV_CONTROL;
    static final String ENV_APP = "SWIFT_APP";
    static final String ENV_TOKEN = "SWIFT_TOKEN";

    /** Take a checkpoint now, at your next quiet point; the argument says why (operator, periodic, warm-backup). */
    public static final String CHECKPOINT = ControlProtocol.CHECKPOINT;
    /** SIGTERM comes after the grace period in the argument (milliseconds): finish or hand over work. */
    public static final String PREPARE_STOP = ControlProtocol.PREPARE_STOP;
    /** This backup is now the primary: start serving. */
    public static final String PROMOTE = ControlProtocol.PROMOTE;

    private static final long REPLY_TIMEOUT_MILLIS = 10_000;
    private static final long FIRST_RETRY_MILLIS = 100;
    private static final long LAST_RETRY_MILLIS = 5_000;

    private final ConnectionOptions options;
    private final String application;
    /** Registered itself: registers again after the runtime restarts. */
    private final boolean selfRegistered;
    private final Map<String, RequestHandler> handlers;
    private final ExecutorService requests;
    private final BlockingQueue<String> replies = new LinkedBlockingQueue<>();
    private final Object commandLock = new Object();
    private final Thread reader;
    private volatile LineChannel line;
    private volatile HeartbeatClient heartbeat;
    private volatile boolean connected;
    private volatile boolean closed;

    private RuntimeConnection(ConnectionOptions options, String application, boolean selfRegistered) {
        this.options = options;
        this.application = application;
        this.selfRegistered = selfRegistered;
        this.handlers = Map.copyOf(options.handlers);
        this.requests = Executors.newSingleThreadExecutor(task -> daemon(task, "swift-runtime-requests"));
        this.reader = daemon(this::readLoop, "swift-runtime-connection");
    }

    /** Options for {@link ConnectionOptions#connect()} (launched by the runtime) or {@link ConnectionOptions#register()}. */
    public static ConnectionOptions options() {
        return new ConnectionOptions();
    }

    static RuntimeConnection open(ConnectionOptions options, String application, boolean selfRegistered)
            throws IOException {
        RuntimeConnection connection = new RuntimeConnection(options, application, selfRegistered);
        try {
            connection.handshake();
        } catch (IOException | RuntimeException e) {
            connection.close();
            throw e;
        }
        connection.reader.start();
        return connection;
    }

    /** The application's name, as the runtime knows it. */
    public String application() {
        return application;
    }

    /** Whether the runtime is connected now (a self-registered process may be waiting for it to return). */
    public boolean isConnected() {
        return connected && !closed;
    }

    /**
     * The heartbeat client for the credentials the runtime issued to this process, owned by this
     * connection (closed with it); empty when the runtime runs without its heartbeat capability.
     */
    public Optional<HeartbeatClient> heartbeat() {
        return Optional.ofNullable(heartbeat);
    }

    /**
     * Asks the runtime to stop watching this process, which keeps running (the original FtDelWatch),
     * and closes the connection. Idempotent.
     *
     * @throws IOException when the runtime is not connected, refuses (the process did not register
     *                     itself), or does not answer within 10 s
     */
    public void unregister() throws IOException {
        if (closed) {
            return; // unregistered or closed already
        }
        command(ControlProtocol.UNREGISTER);
        close();
    }

    /** Closes the connection and the heartbeat client; the runtime goes on watching by other means. Idempotent. */
    @Override
    public void close() {
        closed = true;
        connected = false;
        LineChannel current = line;
        if (current != null) {
            try {
                current.close();
            } catch (IOException e) {
                // closing a local socket loses nothing: every request was answered or is moot
            }
        }
        requests.shutdownNow();
        HeartbeatClient client = heartbeat;
        if (client != null) {
            client.close();
        }
    }

    @Override
    public String toString() {
        return "RuntimeConnection[" + application + (isConnected() ? "" : ", not connected") + "]";
    }

    // ---- the connection ----

    /** Connects and says who this is; on success the reader may run. */
    private void handshake() throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        LineChannel opened = new LineChannel(channel);
        try {
            connect(channel);
            if (selfRegistered) {
                opened.writeLine(String.join(" ", ControlProtocol.REGISTER, Integer.toString(ControlProtocol.VERSION),
                        application, Long.toString(ProcessHandle.current().pid()), ControlProtocol.encode(options.registration())));
                registered(expect(opened.readLine(), ControlProtocol.REGISTERED));
            } else {
                opened.writeLine(String.join(" ", ControlProtocol.HELLO, Integer.toString(ControlProtocol.VERSION),
                        application, options.environment.get(ENV_TOKEN)));
                expect(opened.readLine(), ControlProtocol.HELLO);
                if (heartbeat == null) {
                    heartbeat = HeartbeatClient.fromEnvironment(options.environment).orElse(null);
                }
            }
        } catch (IOException e) {
            opened.close();
            throw e;
        } catch (RuntimeException e) {
            opened.close();
            throw new IOException("the runtime at " + options.socket() + ": " + e.getMessage(), e);
        }
        line = opened;
        connected = true;
    }

    private void connect(SocketChannel channel) throws IOException {
        try {
            channel.connect(UnixDomainSocketAddress.of(options.socket()));
        } catch (java.net.SocketException e) {
            throw new IOException("no SwiFT runtime answers at " + options.socket() + " (" + e.getMessage()
                    + "): is it running, and is that its run/app.sock?", e);
        }
    }

    /** {@code OK <what> rest}, returning the rest; {@code ERR why} becomes an exception that says why. */
    private String expect(String reply, String what) throws IOException {
        List<String> words = ControlProtocol.split(reply, 2);
        if (words.get(0).equals(ControlProtocol.OK) && words.get(1).equals(what)) {
            return words.get(2);
        }
        String why = words.get(0).equals(ControlProtocol.ERR) ? reply.substring(ControlProtocol.ERR.length()).strip()
                : "unexpected answer '" + reply + "'";
        throw new IOException("the runtime at " + options.socket() + " refused " + application + ": " + why);
    }

    /** New credentials: heartbeats go with them from now on. */
    private void registered(String words) {
        Map<String, String> values = ControlProtocol.decode(words);
        String token = values.get(ControlProtocol.KEY_TOKEN);
        String endpoint = values.get(ControlProtocol.KEY_HEARTBEAT);
        if (token == null || endpoint == null) {
            return; // the runtime has no heartbeat capability
        }
        HeartbeatClient client = heartbeat;
        if (client == null) {
            heartbeat = HeartbeatClient.connect(token, HeartbeatClient.endpoint(endpoint));
        } else {
            client.retarget(token, HeartbeatClient.endpoint(endpoint));
        }
    }

    private void readLoop() {
        while (!closed) {
            try {
                String received = line.readLine();
                if (received.startsWith(ControlProtocol.REQUEST + " ")) {
                    requests.execute(() -> answer(received));
                } else {
                    replies.offer(received);
                }
            } catch (IOException e) {
                connected = false;
                if (closed || !selfRegistered) {
                    return; // a launched process goes with its runtime: nothing to come back to
                }
                registerAgain();
            } catch (java.util.concurrent.RejectedExecutionException e) {
                return; // closed meanwhile
            }
        }
    }

    private void registerAgain() {
        long delay = FIRST_RETRY_MILLIS;
        while (!closed) {
            try {
                TimeUnit.MILLISECONDS.sleep(delay);
                handshake();
                return;
            } catch (IOException e) {
                delay = Math.min(delay * 2, LAST_RETRY_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** {@code REQ id VERB [argument]} → {@code OK id [answer]} or {@code ERR id why}. */
    private void answer(String request) {
        List<String> words = ControlProtocol.split(request, 3);
        String id = words.get(1);
        RequestHandler handler = handlers.get(words.get(2));
        String reply;
        if (handler == null) {
            reply = ControlProtocol.ERR + " " + id + " no handler for " + words.get(2);
        } else {
            try {
                String answer = handler.handle(words.get(3));
                reply = ControlProtocol.OK + " " + id + (answer == null ? "" : " " + ControlProtocol.oneLine(answer));
            } catch (Exception e) {
                reply = ControlProtocol.ERR + " " + id + " " + ControlProtocol.oneLine(String.valueOf(e.getMessage()));
            }
        }
        try {
            line.writeLine(reply);
        } catch (IOException | IllegalArgumentException e) {
            // the runtime went (it no longer waits for this answer) or the answer was too long: it times out
        }
    }

    private String command(String text) throws IOException {
        synchronized (commandLock) {
            if (!isConnected()) {
                throw new IOException("not connected to the runtime at " + options.socket());
            }
            replies.clear();
            line.writeLine(text);
            try {
                String reply = replies.poll(REPLY_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
                if (reply == null) {
                    throw new IOException("the runtime at " + options.socket() + " did not answer " + text + " within 10 s");
                }
                return expect(reply, text.equals(ControlProtocol.UNREGISTER) ? ControlProtocol.UNREGISTERED : text);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the runtime", e);
            }
        }
    }

    private static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }
}
