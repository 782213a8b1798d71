package org.swiftft.launcher;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

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

    /** Connections whose command has not arrived yet; beyond this a connection is closed at once. */
    static final int MAX_WAITING = 32;

    /** How long a client has to send its command: an idle connection must not hold a place. */
    static final long COMMAND_TIMEOUT_SECONDS = 10;

    /** Audited status of a command whose client hung up first (like a shell's 128 + SIGINT). */
    static final int HUNG_UP = 130;

    private final Semaphore running = new Semaphore(MAX_CONNECTIONS);
    private final Semaphore waiting = new Semaphore(MAX_WAITING);
    private final ScheduledExecutorService timeouts = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "swift-control-timeouts");
        thread.setDaemon(true);
        return thread;
    });

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
                if (!waiting.tryAcquire()) {
                    client.close(); // a flood of idle connections: they get no thread
                    continue;
                }
                Thread handler = new Thread(() -> handle(client), "swift-control-command");
                handler.setDaemon(true);
                handler.start();
            } catch (IOException e) {
                if (server.isOpen()) {
                    acceptFailed(e);
                }
            }
        }
    }

    private long acceptFailures;

    /**
     * Out of descriptors (EMFILE) the accept fails at once, again and again: pause, so the loop does
     * not spin, and say so once per ten failures rather than flood the log.
     */
    private void acceptFailed(IOException e) {
        if (acceptFailures++ % 10 == 0) {
            System.err.println("SwiFT: control socket accept failed (" + acceptFailures + " so far): " + e.getMessage()
                    + "; retrying every 100 ms");
        }
        try {
            Thread.sleep(100);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void handle(SocketChannel client) {
        long started = System.nanoTime();
        String user = peerUser(client);
        String command = "";
        int status = 0;
        String failure = null;
        AtomicBoolean hungUp = new AtomicBoolean();
        try (client) {
            DataInputStream in = new DataInputStream(Channels.newInputStream(client));
            DataOutputStream out = new DataOutputStream(Channels.newOutputStream(client));
            try {
                command = readCommand(client, in);
            } catch (IOException e) {
                failure = "bad request: " + e.getMessage();
                status = refuse(out, failure);
                return;
            }
            if (!running.tryAcquire()) {
                failure = MAX_CONNECTIONS + " commands are already running; try again when some have ended";
                status = refuse(out, failure);
                return;
            }
            try {
                watchForHangup(client, Thread.currentThread(), hungUp); // ends when the channel closes
                failure = execute(command, out);
                status = failure == null ? 0 : ControlProtocol.FAILED;
            } finally {
                running.release();
            }
        } catch (IOException e) {
            status = hungUp.get() ? HUNG_UP : ControlProtocol.FAILED;
            failure = hungUp.get() ? "the client hung up" : "client gone: " + e.getMessage();
        } finally {
            Thread.interrupted(); // a hang-up interrupt must not leak into the next use of this thread
            audit.record(user, command, status, (System.nanoTime() - started) / 1_000_000, failure);
        }
    }

    /** Reads the command, closing the connection if it does not arrive in time; frees a waiting place. */
    private String readCommand(SocketChannel client, DataInputStream in) throws IOException {
        ScheduledFuture<?> timeout = timeouts.schedule(() -> closeQuietly(client), COMMAND_TIMEOUT_SECONDS,
                TimeUnit.SECONDS);
        try {
            return ControlProtocol.readCommand(in).strip();
        } catch (AsynchronousCloseException e) {
            throw new IOException("no command within " + COMMAND_TIMEOUT_SECONDS + " s", e);
        } finally {
            timeout.cancel(false);
            waiting.release();
        }
    }

    /** Runs the command and sends its exit status. @return why it failed, or {@code null} if it did not */
    private String execute(String command, DataOutputStream out) throws IOException {
        try {
            commands.execute(command, new ByteArrayInputStream(new byte[0]), frames(out, ControlProtocol.OUT),
                    frames(out, ControlProtocol.ERR));
            ControlProtocol.writeExit(out, 0);
            return null;
        } catch (IOException e) {
            throw e; // the connection, not the command
        } catch (Exception e) {
            String failure = e.getMessage() == null ? e.toString() : e.getMessage();
            String hint = failure.startsWith("Command not found") ? " (bin/swift help lists the commands)" : "";
            write(out, ControlProtocol.ERR, "Error: " + failure + hint + "\n");
            ControlProtocol.writeExit(out, ControlProtocol.FAILED);
            return failure;
        }
    }

    private static int refuse(DataOutputStream out, String failure) throws IOException {
        write(out, ControlProtocol.ERR, "SwiFT: " + failure + "\n");
        ControlProtocol.writeExit(out, ControlProtocol.FAILED);
        return ControlProtocol.FAILED;
    }

    private static void closeQuietly(SocketChannel client) {
        try {
            client.close();
        } catch (IOException e) {
            // closing is all we wanted
        }
    }

    /** A command like log:tail runs until the client hangs up: the hang-up interrupts it. */
    private static void watchForHangup(SocketChannel client, Thread worker, AtomicBoolean hungUp) {
        Thread watcher = new Thread(() -> {
            try {
                if (client.read(java.nio.ByteBuffer.allocate(1)) < 0) {
                    hungUp.set(true);
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
        timeouts.shutdownNow();
        server.close();
        Files.deleteIfExists(path.file());
    }
}
