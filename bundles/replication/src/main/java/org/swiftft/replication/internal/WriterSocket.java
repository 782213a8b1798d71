package org.swiftft.replication.internal;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;
import org.osgi.service.log.Logger;
import org.swiftft.libft.replication.wire.Operation;
import org.swiftft.libft.replication.wire.WriterProtocol;
import org.swiftft.libft.replication.wire.WriterProtocol.Message;
import org.swiftft.libft.runtime.wire.LocalSocketServer;
import org.swiftft.libft.runtime.wire.RuntimeSockets;

/**
 * Where applications hand their replay-mode operations to the runtime: {@code run/replication.sock}
 * (0666 in the 0711 {@code run/} folder, beside the application socket), speaking
 * {@link WriterProtocol}. Reaching it proves nothing: a connection may write a set only if its
 * process (SO_PEERCRED) runs as root, as the runtime's user, or as the owner of the set's directory —
 * the users who could write that directory anyway.
 *
 * <p>One thread per connection, blocking: writers are one per set. At most 64 connections may be
 * waiting to open a set; more are closed at once.
 */
final class WriterSocket implements AutoCloseable {

    private static final int MAX_OPENING = 64;
    private static final long OPEN_TIMEOUT_MILLIS = 10_000;

    private final LocalSocketServer server;
    private final Function<String, ReplicationSetRunner> sets;
    private final Logger log;

    /** @param sets the set of a name, or {@code null} */
    WriterSocket(Path home, Function<String, ReplicationSetRunner> sets, Logger log) throws IOException {
        this.sets = sets;
        this.log = log;
        this.server = new LocalSocketServer(RuntimeSockets.folder(home).resolve(WriterProtocol.SOCKET_NAME),
                MAX_OPENING, "replication-writer", this::serve, message -> log.warn("the replication writer socket "
                        + message));
    }

    Path path() {
        return server.path();
    }

    private void serve(SocketChannel client, Runnable identified) {
        UnixDomainPrincipal peer = peer(client);
        WriterConnection connection = new WriterConnection(client, describe(peer));
        ReplicationSetRunner set = null;
        AtomicReference<Operation> last = new AtomicReference<>();
        boolean clean = false;
        try {
            try {
                set = open(connection, peer);
            } finally {
                identified.run();
            }
            if (set == null) {
                return;
            }
            log.info("replication set " + set.name() + ": writer " + connection.who() + " connected");
            clean = connection.serve(set, last::set);
        } catch (IOException e) {
            log.warn("replication writer " + connection.who() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            connection.close();
            if (set != null) {
                set.detach(connection);
                if (!clean && last.get() != null) {
                    set.applyLastOperation(last.get());
                }
                log.info("replication set " + set.name() + ": writer " + connection.who()
                        + (clean ? " closed" : " ended without closing"));
            }
        }
    }

    /** OPEN within 10 s, for a set that exists, is primary here, and may be written by this peer. */
    private ReplicationSetRunner open(WriterConnection connection, UnixDomainPrincipal peer) throws IOException {
        Message message;
        Thread watchdog = daemon(() -> {
            try {
                Thread.sleep(OPEN_TIMEOUT_MILLIS);
                connection.close();
            } catch (InterruptedException e) {
                // opened in time
            }
        }, "replication-writer-open-timeout");
        watchdog.start();
        try {
            message = connection.read();
        } finally {
            watchdog.interrupt();
        }
        if (message.type() != WriterProtocol.OPEN) {
            refuse(connection, "say OPEN first");
            return null;
        }
        String name = WriterProtocol.setOf(message, connection.who());
        ReplicationSetRunner set = sets.apply(name);
        if (set == null) {
            refuse(connection, "no replication set '" + name + "' on this runtime: add etc/org.swiftft.replication-"
                    + name + ".cfg, or check the name with replication:list");
            return null;
        }
        Path directory = set.settings().directory();
        if (!mayWrite(peer, directory)) {
            refuse(connection, "user " + (peer == null ? "?" : peer.user().getName()) + " may not write set " + name
                    + ": only the owner of " + directory + ", the runtime's user or root may");
            return null;
        }
        try {
            set.attach(connection);
        } catch (IllegalArgumentException e) {
            refuse(connection, e.getMessage());
            return null;
        }
        connection.send(WriterProtocol.OPENED, WriterProtocol.opened(set.settings().level().ordinal(), directory.toString()));
        return set;
    }

    private void refuse(WriterConnection connection, String message) throws IOException {
        log.warn("replication writer " + connection.who() + " refused: " + message);
        connection.send(WriterProtocol.REFUSED, message.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static boolean mayWrite(UnixDomainPrincipal peer, Path directory) throws IOException {
        if (peer == null) {
            return false;
        }
        String user = peer.user().getName();
        if (user.equals("root") || user.equals(System.getProperty("user.name"))) {
            return true;
        }
        UserPrincipal owner = Files.getOwner(directory, LinkOption.NOFOLLOW_LINKS);
        return owner.getName().equals(user);
    }

    private static UnixDomainPrincipal peer(SocketChannel client) {
        try {
            return client.getOption(ExtendedSocketOptions.SO_PEERCRED);
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    private static String describe(UnixDomainPrincipal peer) {
        return peer == null ? "of an unknown user" : "of user " + peer.user().getName();
    }

    private static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
