package org.swiftft.detector.internal;

import java.io.EOFException;
import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import jdk.net.ExtendedSocketOptions;

import org.swiftft.libft.runtime.wire.ControlProtocol;
import org.swiftft.libft.runtime.wire.LineChannel;
import org.swiftft.libft.runtime.wire.LocalSocketServer;
import org.swiftft.libft.runtime.wire.RuntimeSockets;

/**
 * The runtime's application socket, where libft connects: {@code run/app.sock} under the runtime's
 * home (a directory others may pass through but not list, 0711; the socket 0666), so that an
 * application running as another user can reach it. Reaching it proves nothing: a launched process
 * proves itself with its launch token ({@code HELLO}), and only the runtime's own user or root may
 * register a process ({@code REGISTER}), a process of its own.
 *
 * <p>One thread per connection, blocking: connections are as many as applications using libft. A
 * connection that has not said who it is within 10 s is closed.
 */
final class ApplicationSocket implements AutoCloseable {

    /** What the protocol's verbs do; the supervisor's side. Each throws IllegalArgumentException to refuse, with a message for the application. */
    interface Sessions {

        void hello(ApplicationConnection connection, String application, String token);

        /** @return the key=value words of the REGISTERED answer (token, heartbeat endpoint) */
        Map<String, String> register(ApplicationConnection connection, String application, long pid,
                Map<String, String> values);

        void unregister(ApplicationConnection connection);

        void closed(ApplicationConnection connection);
    }

    private static final long HANDSHAKE_TIMEOUT_SECONDS = 10;
    /**
     * Connections that have not yet said HELLO or REGISTER; more are closed at once. Identified
     * connections are bounded by the applications (one each), so a local user without a token or
     * the runtime's uid can hold at most this many descriptors.
     */
    static final int MAX_UNIDENTIFIED = 64;

    private final LocalSocketServer server;
    private final Sessions sessions;
    private final Consumer<String> warn;
    private final ScheduledExecutorService timeouts = Executors.newSingleThreadScheduledExecutor(
            task -> daemon(task, "swift-app-socket-timeouts"));

    ApplicationSocket(Path home, Sessions sessions, Consumer<String> warn) throws IOException {
        this.sessions = sessions;
        this.warn = warn;
        this.server = new LocalSocketServer(socketPath(home), MAX_UNIDENTIFIED, "swift-app-connection", this::serve,
                message -> warn.accept("the application socket " + message));
    }

    /** {@code HOME/run/app.sock}, or beside the runtime's other sockets when that is too long ({@link RuntimeSockets}). */
    static Path socketPath(Path home) throws IOException {
        return RuntimeSockets.folder(home).resolve(RuntimeSockets.APPLICATION);
    }

    Path path() {
        return server.path();
    }

    private void serve(SocketChannel client, Runnable identified) {
        ApplicationConnection connection = new ApplicationConnection(new LineChannel(client), peerUser(client));
        ScheduledFuture<?> handshakeTimeout = timeouts.schedule(() -> {
            if (connection.application == null) {
                connection.close();
            }
        }, HANDSHAKE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        try {
            try {
                handshake(connection, connection.readLine());
            } finally {
                identified.run();
            }
            handshakeTimeout.cancel(false);
            while (true) {
                String line = connection.readLine();
                if (line.equals(ControlProtocol.UNREGISTER)) {
                    unregister(connection);
                } else if (line.startsWith(ControlProtocol.OK + " ") || line.startsWith(ControlProtocol.ERR + " ")) {
                    connection.answered(line);
                } else {
                    connection.reply(ControlProtocol.ERR + " unknown command '" + ControlProtocol.oneLine(line) + "'");
                }
            }
        } catch (EOFException e) {
            // closed by the application, or by its end
        } catch (IOException | IllegalArgumentException e) {
            refuse(connection, String.valueOf(e.getMessage()));
        } finally {
            handshakeTimeout.cancel(false);
            connection.close();
            if (connection.application != null) {
                sessions.closed(connection);
            }
        }
    }

    /** Only an application that registered itself may unregister; the refusal leaves the connection open. */
    private void unregister(ApplicationConnection connection) throws IOException {
        try {
            sessions.unregister(connection);
            connection.reply(ControlProtocol.OK + " " + ControlProtocol.UNREGISTERED);
        } catch (IllegalArgumentException e) {
            connection.reply(ControlProtocol.ERR + " " + ControlProtocol.oneLine(e.getMessage()));
        }
    }

    /** HELLO or REGISTER, or the connection ends with a reason. */
    private void handshake(ApplicationConnection connection, String line) throws IOException {
        List<String> words = ControlProtocol.split(line, 4);
        String verb = words.get(0);
        if (!verb.equals(ControlProtocol.HELLO) && !verb.equals(ControlProtocol.REGISTER)) {
            throw new IllegalArgumentException("say HELLO or REGISTER first, not '" + ControlProtocol.oneLine(verb) + "'");
        }
        if (!words.get(1).equals(Integer.toString(ControlProtocol.VERSION))) {
            throw new IllegalArgumentException("protocol version '" + words.get(1) + "' is not spoken here; this runtime speaks "
                    + ControlProtocol.VERSION + ": use a libft of the runtime's version");
        }
        String application = words.get(2);
        if (verb.equals(ControlProtocol.HELLO)) {
            sessions.hello(connection, application, (words.get(3) + " " + words.get(4)).strip());
            connection.application = application;
            connection.reply(ControlProtocol.OK + " " + ControlProtocol.HELLO);
            return;
        }
        long pid;
        try {
            pid = Long.parseLong(words.get(3));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("REGISTER needs the process id after the name, found '" + words.get(3) + "'");
        }
        Map<String, String> answer = sessions.register(connection, application, pid, ControlProtocol.decode(words.get(4)));
        connection.application = application;
        connection.reply((ControlProtocol.OK + " " + ControlProtocol.REGISTERED + " " + ControlProtocol.encode(answer)).strip());
    }

    private void refuse(ApplicationConnection connection, String why) {
        try {
            connection.reply(ControlProtocol.ERR + " " + ControlProtocol.oneLine(why));
        } catch (IOException e) {
            // it went already
        }
        if (connection.application != null) {
            warn.accept(connection.application + ": its libft connection was closed: " + why);
        } // a refused stranger is not logged: anyone may connect, and the log must not be theirs to flood
    }

    private static String peerUser(SocketChannel client) {
        try {
            return client.getOption(ExtendedSocketOptions.SO_PEERCRED).user().getName();
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    private static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }

    @Override
    public void close() throws IOException {
        timeouts.shutdownNow();
        server.close();
    }
}
