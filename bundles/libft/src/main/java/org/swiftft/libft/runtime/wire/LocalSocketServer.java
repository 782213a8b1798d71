package org.swiftft.libft.runtime.wire;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;

/**
 * A runtime's Unix socket for applications ({@code app.sock}, {@code replication.sock}): bound in its
 * folder (0711: others may pass through, not list), the socket 0666 (reaching it proves nothing; each
 * protocol checks who speaks), one thread per connection. At most {@code maxUnidentified}
 * connections may be waiting to say who they are; more are closed at once, so a flood holds no
 * thread or descriptor. When descriptors run out, accepting pauses rather than spins.
 */
public final class LocalSocketServer implements AutoCloseable {

    /** Serves one connection; the connection releases its slot with {@link #identified()} or by ending. */
    public interface Handler {
        void serve(SocketChannel client, Runnable identified);
    }

    private final Path path;
    private final ServerSocketChannel server;
    private final Semaphore unidentified;
    private final Handler handler;
    private final String threadName;
    private final Consumer<String> warn;

    /** Binds {@code path}, replacing a stale socket file (the runtime's lock says no other runtime runs here). */
    public LocalSocketServer(Path path, int maxUnidentified, String threadName, Handler handler, Consumer<String> warn)
            throws IOException {
        this.path = path;
        this.unidentified = new Semaphore(maxUnidentified);
        this.handler = handler;
        this.threadName = threadName;
        this.warn = warn;
        Path folder = path.getParent();
        Files.createDirectories(folder);
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx--x--x"));
        Files.deleteIfExists(path);
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(path));
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-rw-rw-"));
        daemon(this::acceptLoop, threadName + "-accept").start();
    }

    public Path path() {
        return path;
    }

    private void acceptLoop() {
        long failures = 0;
        while (server.isOpen()) {
            try {
                SocketChannel client = server.accept();
                if (!unidentified.tryAcquire()) {
                    client.close();
                    continue;
                }
                daemon(() -> serve(client), threadName).start();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                if (failures++ % 10 == 0) {
                    warn.accept(path + " failed to accept a connection (" + failures + " so far): " + e
                            + "; retrying every 100 ms");
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    private void serve(SocketChannel client) {
        boolean[] released = {false};
        Runnable identified = () -> {
            synchronized (released) {
                if (!released[0]) {
                    released[0] = true;
                    unidentified.release();
                }
            }
        };
        try {
            handler.serve(client, identified);
        } finally {
            identified.run();
        }
    }

    private static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }

    @Override
    public void close() throws IOException {
        server.close();
        Files.deleteIfExists(path);
    }
}
