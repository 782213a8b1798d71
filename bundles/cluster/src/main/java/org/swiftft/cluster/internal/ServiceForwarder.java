package org.swiftft.cluster.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import org.osgi.service.log.Logger;

/**
 * The stable address of a clustered application: {@code cluster.port} at this member's address, on
 * every member. A connection is carried to the application here if this member serves it (its
 * primary, running it, holding its lease), else to the primary member's forwarder. This is the
 * fence clients see: a forwarder carries bytes to and from its local application only while the
 * lease is held, checked before every write, and closes those connections the moment it is not;
 * so a primary frozen and resumed, or cut off, stops serving before a backup can start.
 *
 * <p>A connection relayed by another member's forwarder is never forwarded again (one hop), so two
 * members that disagree for a moment on who is primary cannot bounce a client between them.
 */
final class ServiceForwarder implements AutoCloseable {

    private static final int BUFFER = 64 * 1024;
    private static final int CONNECT_TIMEOUT_MILLIS = 2_000;
    private static final int PREAMBLE_WAIT_MILLIS = 500;

    private final ClusteredApplication application;
    private final InetAddress self;
    private final Set<InetAddress> memberAddresses;
    private final Predicate<String> serving;
    private final Function<String, InetAddress> primaryAddress;
    private final Logger logger;
    private final ServerSocket listener;
    private final Set<Socket> local = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService fence;
    private volatile boolean closed;

    /**
     * @param serving        whether this member serves the application now
     * @param primaryAddress the primary member's address, or {@code null} if there is none in the view
     * @throws IOException naming the address it could not listen on
     */
    ServiceForwarder(ClusteredApplication application, InetAddress self, Set<InetAddress> memberAddresses,
            Predicate<String> serving, Function<String, InetAddress> primaryAddress, Logger logger) throws IOException {
        this.application = application;
        this.self = self;
        this.memberAddresses = Set.copyOf(memberAddresses);
        this.serving = serving;
        this.primaryAddress = primaryAddress;
        this.logger = logger;
        this.listener = new ServerSocket();
        try {
            listener.setReuseAddress(true);
            listener.bind(new InetSocketAddress(self, application.port()), 128);
        } catch (IOException e) {
            listener.close();
            throw new IOException(application.name() + ": cannot listen on " + self.getHostAddress() + ":"
                    + application.port() + " (cluster.port): " + e.getMessage()
                    + "; members on one machine need addresses of their own (127.0.0.2, 127.0.0.3, ...)", e);
        }
        this.fence = Executors.newSingleThreadScheduledExecutor(task -> daemon(task, "forward-" + application.name() + "-fence"));
        fence.scheduleWithFixedDelay(this::closeIfNotServing, 20, 20, TimeUnit.MILLISECONDS);
        daemon(this::acceptLoop, "forward-" + application.name()).start();
    }

    ClusteredApplication application() {
        return application;
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = listener.accept();
                daemon(() -> carry(client), "forward-" + application.name() + "-" + client.getPort()).start();
            } catch (IOException e) {
                if (!closed) {
                    logger.warn("cluster: {} forwarder: {}", application.name(), e.getMessage());
                }
            }
        }
    }

    private void carry(Socket client) {
        try {
            byte[] first = relayPreamble(client);
            boolean relayed = first == null;
            if (serving.test(application.name())) {
                Socket app = connect(new InetSocketAddress(self, application.servicePort()), null);
                local.add(app);
                if (first != null && first.length > 0) {
                    app.getOutputStream().write(first);
                }
                pipe(client, app, true);
                return;
            }
            InetAddress primary = primaryAddress.apply(application.name());
            if (relayed || primary == null || primary.equals(self)) {
                client.close(); // nobody serves it here now; the client tries again
                return;
            }
            Socket next = connect(new InetSocketAddress(primary, application.port()), self);
            next.getOutputStream().write(preamble());
            if (first.length > 0) {
                next.getOutputStream().write(first);
            }
            pipe(client, next, false);
        } catch (IOException e) {
            closeQuietly(client);
        }
    }

    /**
     * A connection from another member's forwarder starts with a preamble naming the application;
     * it is never forwarded again. Only connections from another member's address are looked at
     * (a client cannot pretend), and only briefly, since some protocols wait for the server first.
     *
     * @return {@code null} for a relayed connection (preamble consumed), else the bytes read while looking
     */
    private byte[] relayPreamble(Socket client) throws IOException {
        InetAddress from = client.getInetAddress();
        if (!memberAddresses.contains(from) || from.equals(self)) {
            return new byte[0];
        }
        byte[] expected = preamble();
        byte[] read = new byte[expected.length];
        int have = 0;
        client.setSoTimeout(PREAMBLE_WAIT_MILLIS);
        try {
            InputStream in = client.getInputStream();
            while (have < expected.length) {
                int next = in.read();
                if (next < 0) {
                    break;
                }
                read[have++] = (byte) next;
                if (next != expected[have - 1]) {
                    break;
                }
            }
        } catch (java.net.SocketTimeoutException e) {
            // a client that waits for the server to speak first
        } finally {
            client.setSoTimeout(0);
        }
        return have == expected.length && read[have - 1] == expected[have - 1] ? null : java.util.Arrays.copyOf(read, have);
    }

    private static Socket connect(InetSocketAddress target, InetAddress from) throws IOException {
        Socket socket = new Socket();
        if (from != null) {
            socket.bind(new InetSocketAddress(from, 0)); // the primary's forwarder sees a member and its preamble
        }
        socket.connect(target, CONNECT_TIMEOUT_MILLIS);
        socket.setTcpNoDelay(true);
        return socket;
    }

    private byte[] preamble() {
        return ("SWIFT-RELAY " + application.name() + "\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** Copies both ways; with {@code fenced}, each write first checks that this member still serves. */
    private void pipe(Socket client, Socket server, boolean fenced) throws IOException {
        client.setTcpNoDelay(true);
        Thread back = daemon(() -> copy(server, client, fenced), "forward-" + application.name() + "-back");
        back.start();
        copy(client, server, fenced);
    }

    private void copy(Socket from, Socket to, boolean fenced) {
        byte[] buffer = new byte[BUFFER];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                if (fenced && !serving.test(application.name())) {
                    break;
                }
                out.write(buffer, 0, read);
                out.flush();
            }
        } catch (IOException e) {
            // the other side closed, or the fence did
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            local.remove(from);
            local.remove(to);
        }
    }

    private void closeIfNotServing() {
        if (!local.isEmpty() && !serving.test(application.name())) {
            logger.warn("cluster: {}: no longer serving here (lease lost or moved); closing {} client connection(s)",
                    application.name(), local.size());
            local.forEach(ServiceForwarder::closeQuietly);
            local.clear();
        }
    }

    @Override
    public void close() {
        closed = true;
        fence.shutdownNow();
        closeQuietly(listener);
        local.forEach(ServiceForwarder::closeQuietly);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // closing anyway
        }
    }

    private static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }
}
