package org.swiftft.libft.replication;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.swiftft.libft.replication.wire.Operation;
import org.swiftft.libft.replication.wire.SocketInput;
import org.swiftft.libft.replication.wire.WriterProtocol;

/**
 * The runtime's side of {@link WriterProtocol}, for tests: one connection on a real Unix socket. It
 * applies nothing; it records every message and operation, answers OPEN with OPENED (or REFUSED),
 * acknowledges each operation at once or when told, and sends PAUSE, RESUME, FAILED on demand.
 */
final class FakeWriterRuntime implements AutoCloseable {

    static final long WAIT_SECONDS = 5;

    private final Path socketPath;
    private final ServerSocketChannel server;
    private final Path directory;
    private final ReplicationLevel level;
    private volatile String refusal;
    private volatile boolean autoAcknowledge = true;
    private final BlockingQueue<WriterProtocol.Message> received = new LinkedBlockingQueue<>();
    private final BlockingQueue<Operation> operations = new LinkedBlockingQueue<>();
    private final List<Operation> all = new ArrayList<>();
    private final Thread thread;
    private final Object writeLock = new Object();
    private volatile SocketChannel connection;
    private final GatedInput.Gate gate = new GatedInput.Gate();

    FakeWriterRuntime(Path folder, Path directory, ReplicationLevel level) throws IOException {
        this.socketPath = folder.resolve(WriterProtocol.SOCKET_NAME);
        this.directory = directory;
        this.level = level;
        this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socketPath));
        this.thread = new Thread(this::serve, "fake-writer-runtime");
        thread.setDaemon(true);
        thread.start();
    }

    Path socket() {
        return socketPath;
    }

    /** Answer the next OPEN with REFUSED. */
    FakeWriterRuntime refuseWith(String message) {
        refusal = message;
        return this;
    }

    /** Acknowledge only through {@link #acknowledge}. */
    FakeWriterRuntime acknowledgeManually() {
        autoAcknowledge = false;
        return this;
    }

    /** Stop reading once this many more bytes were read, until {@link #releaseReading()}. */
    void holdReadingAfter(long bytes) {
        gate.holdAfter(bytes);
    }

    boolean awaitReadingHeld() throws InterruptedException {
        return gate.held.await(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    void releaseReading() {
        gate.release.countDown();
    }

    /** The next operation the writer sent. */
    Operation nextOperation() throws InterruptedException {
        Operation operation = operations.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        if (operation == null) {
            throw new AssertionError("no operation arrived within " + WAIT_SECONDS + " s");
        }
        return operation;
    }

    /** An operation arriving within {@code millis}, or null: to show that none comes. */
    Operation operationWithin(long millis) throws InterruptedException {
        return operations.poll(millis, TimeUnit.MILLISECONDS);
    }

    /** The next message of any type the writer sent (OPEN, OPERATION, PAUSED, BYE). */
    WriterProtocol.Message nextMessage() throws InterruptedException {
        WriterProtocol.Message message = received.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        if (message == null) {
            throw new AssertionError("no message arrived within " + WAIT_SECONDS + " s");
        }
        return message;
    }

    WriterProtocol.Message messageWithin(long millis) throws InterruptedException {
        return received.poll(millis, TimeUnit.MILLISECONDS);
    }

    /** Every operation received so far, in order. */
    List<Operation> allOperations() {
        synchronized (all) {
            return List.copyOf(all);
        }
    }

    void acknowledge(long sequence) throws IOException {
        send(WriterProtocol.ACK, number(sequence));
    }

    void pause(long token) throws IOException {
        send(WriterProtocol.PAUSE, number(token));
    }

    void resume(long token) throws IOException {
        send(WriterProtocol.RESUME, number(token));
    }

    void fail(String message) throws IOException {
        send(WriterProtocol.FAILED, message.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        end(connection);
    }

    /** The runtime dies: the connection ends without a word. */
    void die() throws IOException {
        end(connection);
        server.close();
    }

    /**
     * Shuts the socket down before closing it: a close while our reader thread is blocked in read
     * leaves the socket open in the kernel a little longer (Java 17), and a write to it then succeeds.
     */
    private static void end(SocketChannel socket) throws IOException {
        try {
            socket.shutdownInput();
            socket.shutdownOutput();
        } catch (IOException e) {
            // closed already
        }
        socket.close();
    }

    private void serve() {
        try (SocketChannel accepted = server.accept()) {
            connection = accepted;
            DataInputStream in = new DataInputStream(new BufferedInputStream(
                    new GatedInput(new SocketInput(accepted), gate), 8192));
            WriterProtocol.Message open = WriterProtocol.read(in, "writer");
            received.add(open);
            if (refusal != null) {
                send(WriterProtocol.REFUSED, refusal.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                return;
            }
            send(WriterProtocol.OPENED, WriterProtocol.opened(level.ordinal(), directory.toString()));
            while (true) {
                WriterProtocol.Message message = WriterProtocol.read(in, "writer");
                if (message.type() == WriterProtocol.OPERATION) {
                    Operation operation = WriterProtocol.operationOf(message, "writer");
                    synchronized (all) {
                        all.add(operation);
                    }
                    operations.add(operation);
                    if (autoAcknowledge) {
                        acknowledge(message.number());
                    }
                }
                received.add(message);
                if (message.type() == WriterProtocol.BYE) {
                    return;
                }
            }
        } catch (IOException e) {
            // the writer or the test ended the connection
        }
    }

    private void send(int type, byte[] payload) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        WriterProtocol.write(bytes, type, payload);
        ByteBuffer buffer = ByteBuffer.wrap(bytes.toByteArray());
        synchronized (writeLock) {
            while (buffer.hasRemaining()) {
                connection.write(buffer);
            }
        }
    }

    private static byte[] number(long value) {
        return ByteBuffer.allocate(Long.BYTES).putLong(value).array();
    }

    @Override
    public void close() throws IOException {
        releaseReading();
        server.close();
        SocketChannel current = connection;
        if (current != null) {
            current.close();
        }
    }

    /** An input that stops at a byte count until released: the writer's send then blocks midway. */
    static final class GatedInput extends FilterInputStream {

        static final class Gate {
            final CountDownLatch held = new CountDownLatch(1);
            final CountDownLatch release = new CountDownLatch(1);
            volatile long remaining = Long.MAX_VALUE;

            void holdAfter(long bytes) {
                remaining = bytes;
            }
        }

        private final Gate gate;

        GatedInput(InputStream in, Gate gate) {
            super(in);
            this.gate = gate;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (gate.remaining == 0) {
                gate.held.countDown();
                try {
                    gate.release.await();
                } catch (InterruptedException e) {
                    throw new java.io.InterruptedIOException();
                }
                gate.remaining = Long.MAX_VALUE;
            }
            int n = super.read(b, off, (int) Math.min(len, gate.remaining));
            if (n > 0 && gate.remaining != Long.MAX_VALUE) {
                gate.remaining -= n;
            }
            return n;
        }
    }
}
