package org.swiftft.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Serves {@link CounterProtocol} over TCP, a thread per connection (clients are few; a change waits
 * for a force anyway). {@link #stop} finishes what is in flight: each connection answers the request
 * it is working on, then reads end of input and closes.
 */
final class CounterServer {

    /** Longer lines are answered with an ERROR and skipped, so that a client cannot fill the heap. */
    static final int MAX_LINE_CHARS = 1024;

    private final ServerSocket listener;
    private final CounterProtocol protocol;
    private final Map<Socket, Thread> connections = new ConcurrentHashMap<>();
    private final Thread acceptor;
    private volatile boolean stopping;

    private CounterServer(ServerSocket listener, CounterProtocol protocol) {
        this.listener = listener;
        this.protocol = protocol;
        this.acceptor = new Thread(this::acceptLoop, "counter-accept");
    }

    /**
     * Listens on {@code host:port} (0 for any free port) and starts accepting.
     *
     * @throws IOException naming the address when it cannot be bound
     */
    static CounterServer start(String host, int port, CounterProtocol protocol) throws IOException {
        ServerSocket listener = new ServerSocket();
        try {
            listener.setReuseAddress(true); // a restarted primary must get its port back at once
            listener.bind(new InetSocketAddress(InetAddress.getByName(host), port));
        } catch (IOException e) {
            listener.close();
            throw new IOException("cannot listen on " + host + ":" + port + " (" + e.getMessage()
                    + "); is another counter there? Choose another with --port or COUNTER_PORT", e);
        }
        CounterServer server = new CounterServer(listener, protocol);
        server.acceptor.start();
        return server;
    }

    int port() {
        return listener.getLocalPort();
    }

    /** Stops accepting, lets each connection finish its request, and waits up to {@code millis} for them. */
    void stop(long millis) throws InterruptedException {
        stopping = true;
        try {
            listener.close();
        } catch (IOException e) {
            // not accepting is all that was wanted
        }
        connections.keySet().forEach(socket -> {
            try {
                socket.shutdownInput(); // a waiting read ends; a request being worked on is answered first
            } catch (IOException e) {
                // closed by its client already
            }
        });
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        for (Thread connection : connections.values()) {
            connection.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        }
    }

    private void acceptLoop() {
        while (!stopping) {
            try {
                Socket socket = listener.accept();
                Thread thread = new Thread(() -> serve(socket), "counter-client-" + socket.getRemoteSocketAddress());
                connections.put(socket, thread);
                thread.start();
                if (stopping) {
                    socket.shutdownInput(); // accepted while stop() was shutting the others: same treatment
                }
            } catch (IOException e) {
                if (!stopping) {
                    System.err.println("counter: accepting a connection failed (" + e.getMessage() + "); going on");
                }
            }
        }
    }

    private void serve(Socket socket) {
        try (socket;
                BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
                Writer out = new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.UTF_8)) {
            StringBuilder line = new StringBuilder();
            while (readLine(in, line)) {
                String answer = line.length() > MAX_LINE_CHARS
                        ? "ERROR request longer than " + MAX_LINE_CHARS + " characters; " + CounterProtocol.USAGE
                        : protocol.answer(line.toString());
                out.write(answer + "\n");
                out.flush();
            }
        } catch (IOException e) {
            // the client went away: its unanswered request, if any, was not acknowledged
        } finally {
            connections.remove(socket);
        }
    }

    /**
     * The next line into {@code line}, without its end ({@code \n} or {@code \r\n}); keeps only the
     * first {@code MAX_LINE_CHARS + 1} characters of a longer one. False at end of input.
     */
    private static boolean readLine(BufferedReader in, StringBuilder line) throws IOException {
        line.setLength(0);
        int c = in.read();
        if (c < 0) {
            return false;
        }
        while (c >= 0 && c != '\n') {
            if (line.length() <= MAX_LINE_CHARS) {
                line.append((char) c);
            }
            c = in.read();
        }
        if (line.length() > 0 && line.charAt(line.length() - 1) == '\r' && line.length() <= MAX_LINE_CHARS) {
            line.setLength(line.length() - 1);
        }
        return true;
    }
}
