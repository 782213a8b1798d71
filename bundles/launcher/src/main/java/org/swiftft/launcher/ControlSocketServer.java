package org.swiftft.launcher;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

/**
 * The runtime's local control socket, {@code data/swift.sock}: a Unix stream socket readable and
 * writable by the runtime's user only (0600, in a 0700 folder, so no other user can reach it even
 * in the instant between bind and chmod). Each connection carries one command, executed in its
 * own Gogo session; every command is written to the audit log with the peer's user name.
 */
final class ControlSocketServer implements AutoCloseable {

    /** Commands running at once; a guard against a runaway script opening connections in a loop. */
    static final int MAX_CONNECTIONS = 32;

    private final java.util.concurrent.Semaphore running = new java.util.concurrent.Semaphore(MAX_CONNECTIONS);

    private final ControlSocketPath path;
    private final GogoCommands commands;
    private final AuditLog audit;
    private final ServerSocketChannel server;
    private final Thread acceptor;

    ControlSocketServer(ControlSocketPath path, GogoCommands commands, AuditLog audit) throws IOException {
        this.path = path;
        this.commands = commands;
        this.audit = audit;
        Path folder = path.file().getParent();
        Files.createDirectories(folder);
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
        // This runtime holds the folder's lock (RuntimeLock), so a socket file here is stale: its runtime died.
        Files.deleteIfExists(path.file());
        this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(path.address());
        Files.setPosixFilePermissions(path.file(), PosixFilePermissions.fromString("rw-------"));
        this.acceptor = new Thread(this::acceptLoop, "swift-control-socket");
        acceptor.setDaemon(true);
    }

    void start() {
        acceptor.start();
    }

    private void acceptLoop() {
        while (server.isOpen()) {
            try {
                SocketChannel client = server.accept();
                if (!running.tryAcquire()) {
                    refuseBusy(client);
                    continue;
                }
                Thread handler = new Thread(() -> {
                    try {
                        handle(client);
                    } finally {
                        running.release();
                    }
                }, "swift-control-command");
                handler.setDaemon(true);
                handler.start();
            } catch (IOException e) {
                if (server.isOpen()) {
                    System.err.println("SwiFT: control socket accept failed: " + e.getMessage());
                }
            }
        }
    }

    private static void refuseBusy(SocketChannel client) {
        try (client) {
            DataOutputStream out = new DataOutputStream(Channels.newOutputStream(client));
            write(out, ControlProtocol.ERR, "SwiFT: " + MAX_CONNECTIONS
                    + " commands are already running; try again when some have ended\n");
            ControlProtocol.writeExit(out, ControlProtocol.FAILED);
        } catch (IOException e) {
            // the client is gone already
        }
    }

    private void handle(SocketChannel client) {
        long started = System.nanoTime();
        String user = peerUser(client);
        String command = "";
        int status = 0;
        String failure = null;
        try (client) {
            DataInputStream in = new DataInputStream(Channels.newInputStream(client));
            DataOutputStream out = new DataOutputStream(Channels.newOutputStream(client));
            try {
                command = ControlProtocol.readCommand(in).strip();
            } catch (IOException e) {
                failure = "bad request: " + e.getMessage();
                status = ControlProtocol.FAILED;
                write(out, ControlProtocol.ERR, "SwiFT: " + failure + "\n");
                ControlProtocol.writeExit(out, status);
                return;
            }
            Thread worker = Thread.currentThread();
            watchForHangup(client, worker); // ends when the channel closes after the exit frame
            try {
                commands.execute(command, new ByteArrayInputStream(new byte[0]), frames(out, ControlProtocol.OUT),
                        frames(out, ControlProtocol.ERR));
            } catch (Exception e) {
                status = ControlProtocol.FAILED;
                failure = e.getMessage() == null ? e.toString() : e.getMessage();
                String hint = failure.startsWith("Command not found") ? " (bin/swift help lists the commands)" : "";
                write(out, ControlProtocol.ERR, "Error: " + failure + hint + "\n");
            }
            ControlProtocol.writeExit(out, status);
        } catch (IOException e) {
            status = ControlProtocol.FAILED;
            failure = "client gone: " + e.getMessage();
        } finally {
            Thread.interrupted(); // a hang-up interrupt must not leak into the next use of this thread
            audit.record(user, command, status, (System.nanoTime() - started) / 1_000_000, failure);
        }
    }

    /** A command like log:tail runs until the client hangs up: the hang-up interrupts it. */
    private static void watchForHangup(SocketChannel client, Thread worker) {
        Thread watcher = new Thread(() -> {
            try {
                if (client.read(java.nio.ByteBuffer.allocate(1)) < 0) {
                    worker.interrupt();
                }
            } catch (IOException e) {
                // closed after the command finished
            }
        }, "swift-control-hangup");
        watcher.setDaemon(true);
        watcher.start();
    }

    private static OutputStream frames(DataOutputStream out, byte kind) {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                if (length > 0) {
                    ControlProtocol.writeFrame(out, kind, bytes, offset, length);
                }
            }
        };
    }

    private static void write(DataOutputStream out, byte kind, String text) throws IOException {
        byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        ControlProtocol.writeFrame(out, kind, bytes, 0, bytes.length);
    }

    private static String peerUser(SocketChannel client) {
        try {
            UnixDomainPrincipal principal = client.getOption(ExtendedSocketOptions.SO_PEERCRED);
            return principal.user().getName();
        } catch (IOException | UnsupportedOperationException e) {
            return "unknown";
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        Files.deleteIfExists(path.file());
    }
}
