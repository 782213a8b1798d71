package org.swiftft.libft.replication;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.swiftft.libft.replication.wire.Operation;
import org.swiftft.libft.replication.wire.SocketInput;
import org.swiftft.libft.replication.wire.WriterProtocol;

/**
 * One writing connection to the runtime's {@value WriterProtocol#SOCKET_NAME}: the order of a write
 * that {@link WriterProtocol} defines (send, apply locally, await the ACK, all under one lock), the
 * reader thread (ACK, PAUSE, RESUME, FAILED) and the failure state every later call reports.
 *
 * <p>All socket writes happen under {@link #lock}, so messages never interleave; the reader thread
 * never takes it, so ACKs are read while a writer waits for one. A PAUSE is held by a thread of its
 * own, which takes the lock and keeps it until RESUME.
 */
final class WriterConnection implements AutoCloseable {

    /** The local apply of a sent operation, or any step run under the lock. */
    interface Step<T> {
        T run() throws IOException;
    }

    private final String set;
    private final Path socketPath;
    private final SocketChannel socket;
    private final DataInputStream in;
    private final ReplicationLevel level;
    private final Path directory;
    /**
     * Fair: a writer in a tight loop would otherwise take it back at once, and a runtime's PAUSE
     * (which waits for it) would never get it.
     */
    private final ReentrantLock lock = new ReentrantLock(true);
    /** Guards {@link #acknowledged}, {@link #failure}, {@link #closing}, {@link #resumes}; waits happen on it. */
    private final Object events = new Object();
    /** The client sequence of the last operation sent; written under {@link #lock}. */
    private volatile long sent;
    private long acknowledged;
    private String failure;
    private boolean closing;
    private final Set<Long> resumes = new HashSet<>();

    private WriterConnection(String set, Path socketPath, SocketChannel socket, DataInputStream in,
            ReplicationLevel level, Path directory) {
        this.set = set;
        this.socketPath = socketPath;
        this.socket = socket;
        this.in = in;
        this.level = level;
        this.directory = directory;
    }

    /** Connects, sends OPEN and waits for OPENED; starts the reader thread. */
    static WriterConnection open(String set, Path socketPath) throws IOException {
        SocketChannel socket = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            try {
                socket.connect(UnixDomainSocketAddress.of(socketPath));
            } catch (SocketException e) {
                throw new IOException("no SwiFT runtime answers at " + socketPath + " (" + e.getMessage()
                        + ") to open replication set '" + set + "': is the runtime running with its replication"
                        + " capability, and is that the " + WriterProtocol.SOCKET_NAME + " beside its run/app.sock?",
                        e);
            }
            write(socket, WriterProtocol.OPEN, WriterProtocol.open(set));
            DataInputStream in = new DataInputStream(new BufferedInputStream(new SocketInput(socket)));
            String peer = "the runtime at " + socketPath;
            WriterProtocol.Message reply = WriterProtocol.read(in, peer);
            if (reply.type() == WriterProtocol.REFUSED) {
                // The runtime's reason says what is wrong and what to do; nothing generic to add.
                throw new IOException(peer + " refused to let this process write replication set '" + set + "': "
                        + reply.text());
            }
            if (reply.type() != WriterProtocol.OPENED) {
                throw new IOException(peer + " answered OPEN of replication set '" + set + "' with message type "
                        + reply.type() + " instead of OPENED; is this libft of the runtime's version?");
            }
            ReplicationLevel level = ReplicationLevel.ofCode(WriterProtocol.levelOf(reply));
            Path directory = Path.of(WriterProtocol.directoryOf(reply, peer));
            WriterConnection connection = new WriterConnection(set, socketPath, socket, in, level, directory);
            Thread reader = new Thread(connection::readLoop, "swift-replication-" + set);
            reader.setDaemon(true);
            reader.start();
            return connection;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    String set() {
        return set;
    }

    ReplicationLevel level() {
        return level;
    }

    Path directory() {
        return directory;
    }

    // ---- the order of a write ----

    /** Runs {@code step} under the connection's lock, once the connection is known to take writes. */
    <T> T locked(Step<T> step) throws IOException {
        try {
            lock.lockInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to write to replication set '" + set
                    + "'; nothing was written");
        }
        try {
            checkUsable();
            return step.run();
        } finally {
            lock.unlock();
        }
    }

    /** Sends, applies locally, awaits the ACK the level asks for. Under {@link #locked}. */
    <T> T perform(Operation operation, Step<T> apply) throws IOException {
        T result = sendAndApply(operation, apply);
        awaitAcknowledged();
        return result;
    }

    /**
     * Sends {@code operation}, then applies it locally. If sending fails nothing is applied. If the
     * local apply fails after the operation was sent, the connection is closed without BYE: the
     * runtime then applies the operation to this directory itself, as {@link WriterProtocol} says.
     */
    <T> T sendAndApply(Operation operation, Step<T> apply) throws IOException {
        if (!lock.isHeldByCurrentThread()) {
            throw new IllegalStateException("an operation must be sent under the connection's lock");
        }
        checkUsable();
        long sequence = sent + 1;
        sent = sequence; // before sending: its ACK may arrive before write() returns
        try {
            write(socket, WriterProtocol.OPERATION, WriterProtocol.operation(sequence, operation));
        } catch (IOException e) {
            fail("sending " + describe(operation) + " to the runtime at " + socketPath + " failed (" + e.getMessage()
                    + ")");
            throw failed("nothing was changed locally");
        }
        try {
            return apply.run();
        } catch (IOException | RuntimeException | Error e) {
            fail("applying " + describe(operation) + " locally failed after it was sent (" + e
                    + "); the connection was closed without BYE so that the runtime applies it itself");
            throw e;
        }
    }

    /** Waits, above ASYNC, until everything sent is acknowledged. Under {@link #locked}. */
    void awaitAcknowledged() throws IOException {
        if (level == ReplicationLevel.ASYNC) {
            return;
        }
        long target = sent;
        synchronized (events) {
            try {
                while (acknowledged < target && failure == null) {
                    events.wait();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for replication set '" + set
                        + "' to acknowledge operation " + target + " at level " + level
                        + "; it was applied locally and sent, whether the backups have it is unknown");
            }
            if (acknowledged < target) {
                throw failed("operation " + target + " was applied locally and sent but not acknowledged at level "
                        + level + ": the backups may lack it");
            }
        }
    }

    // ---- failure state ----

    private void checkUsable() throws IOException {
        synchronized (events) {
            if (failure != null) {
                throw failed("nothing was changed locally");
            }
        }
    }

    /** A fresh exception (its own stack trace) naming the set and why it takes no more writes. */
    private IOException failed(String consequence) {
        synchronized (events) {
            return new IOException("replication set '" + set + "' takes no more writes from this process: " + failure
                    + "; " + consequence + ". " + (closing ? "Open a new ReplicatedFiles to write again"
                    : "Open a new ReplicatedFiles once the runtime is back (another node may have become primary)"));
        }
    }

    /** Records the first reason this connection ends, wakes every waiter and closes the socket (no BYE). */
    private void fail(String reason) {
        synchronized (events) {
            if (failure == null) {
                failure = reason;
            }
            events.notifyAll();
        }
        try {
            // Shut down first: a close while the reader thread is blocked in read takes effect in the
            // kernel only once that read returns, and the runtime should see the end at once.
            socket.shutdownInput();
            socket.shutdownOutput();
        } catch (IOException e) {
            // closed already
        }
        try {
            socket.close();
        } catch (IOException e) {
            // the connection is over either way; the runtime sees it end
        }
    }

    // ---- the reader thread ----

    private void readLoop() {
        String peer = "the runtime at " + socketPath;
        try {
            while (true) {
                WriterProtocol.Message message = WriterProtocol.read(in, peer);
                switch (message.type()) {
                    case WriterProtocol.ACK -> acknowledge(message.number());
                    case WriterProtocol.PAUSE -> holdWritersOnOwnThread(message.number());
                    case WriterProtocol.RESUME -> resume(message.number());
                    case WriterProtocol.FAILED -> {
                        fail("the runtime ended this writer: " + message.text());
                        return;
                    }
                    default -> {
                        fail(peer + " sent message type " + message.type() + ", which a writer never receives");
                        return;
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            fail(isClosing() ? "it was closed" : "the connection to " + peer + " ended (" + e.getMessage() + ")");
        }
    }

    private void acknowledge(long sequence) {
        if (sequence > sent) {
            fail("the runtime acknowledged operation " + sequence + " but only " + sent + " were sent");
            return;
        }
        synchronized (events) {
            acknowledged = Math.max(acknowledged, sequence);
            events.notifyAll();
        }
    }

    /**
     * The reader must go on reading ACKs while the in-flight operation finishes, so the lock is taken
     * by a thread of its own (pauses are rare: a thread each is cheap enough).
     */
    private void holdWritersOnOwnThread(long token) {
        Thread holder = new Thread(() -> holdWriters(token), "swift-replication-pause-" + set);
        holder.setDaemon(true);
        holder.start();
    }

    private void holdWriters(long token) {
        lock.lock(); // waits for the operation in flight, its ACK included
        try {
            if (isFailedOrClosing()) {
                return;
            }
            try {
                ByteBuffer payload = ByteBuffer.allocate(Long.BYTES).putLong(token);
                write(socket, WriterProtocol.PAUSED, payload.array());
            } catch (IOException e) {
                fail("answering PAUSE " + token + " failed (" + e.getMessage() + ")");
                return;
            }
            synchronized (events) {
                while (!resumes.remove(token) && failure == null && !closing) {
                    events.wait();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // our own daemon thread: ends, releasing the writers
        } finally {
            lock.unlock();
        }
    }

    private void resume(long token) {
        synchronized (events) {
            resumes.add(token);
            events.notifyAll();
        }
    }

    private boolean isClosing() {
        synchronized (events) {
            return closing;
        }
    }

    private boolean isFailedOrClosing() {
        synchronized (events) {
            return failure != null || closing;
        }
    }

    /**
     * Waits for the operation in progress (its ACK included) and sends BYE. A pause ends here. Idempotent.
     */
    @Override
    public void close() {
        synchronized (events) {
            if (closing) {
                return;
            }
            closing = true;
            events.notifyAll(); // a pause holder lets go of the lock
        }
        lock.lock();
        try {
            boolean healthy;
            synchronized (events) {
                healthy = failure == null;
            }
            if (healthy) {
                try {
                    write(socket, WriterProtocol.BYE, new byte[0]);
                } catch (IOException e) {
                    // the runtime is gone: it sees the end without BYE, and every operation was applied here
                }
            }
            fail("it was closed");
        } finally {
            lock.unlock();
        }
    }

    // ---- messages ----

    private static void write(SocketChannel socket, int type, byte[] payload) throws IOException {
        WriterProtocol.send(socket, type, payload);
    }

    static String describe(Operation operation) {
        return operation.getClass().getSimpleName() + " of '" + operation.path() + "'";
    }

    @Override
    public String toString() {
        return "WriterConnection[set " + set + " at " + socketPath + ", " + level + ", sent " + sent + "]";
    }
}
