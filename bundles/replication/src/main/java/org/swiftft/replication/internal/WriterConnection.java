package org.swiftft.replication.internal;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.swiftft.libft.replication.wire.Operation;
import org.swiftft.libft.replication.wire.SocketInput;
import org.swiftft.libft.replication.wire.WireFormatException;
import org.swiftft.libft.replication.wire.WriterProtocol;
import org.swiftft.libft.replication.wire.WriterProtocol.Message;
import org.swiftft.replication.ConsistencyLevel;

/**
 * One writing application's connection to its set, in replay mode ({@link WriterProtocol}): its
 * operations go to the set's pump in the order they arrive, and each is acknowledged back once the
 * pump acknowledges it at the set's level. The thread that reads the connection is the one that
 * submits, so a full pump (backpressure) stops reading and the writer's socket fills: the writer
 * waits, nothing piles up in memory.
 */
final class WriterConnection {

    private static final long PAUSE_TIMEOUT_SECONDS = 30;

    private final SocketChannel channel;
    private final String who;
    private final DataInputStream in;
    private final AtomicLong tokens = new AtomicLong();
    private long acknowledged;
    private volatile CompletableFuture<Long> pausedAnswer;
    private volatile boolean failed;

    WriterConnection(SocketChannel channel, String who) {
        this.channel = channel;
        this.who = who;
        // Not Channels.newInputStream: on Java 17 a blocked read would hold back every acknowledgement.
        this.in = new DataInputStream(new BufferedInputStream(new SocketInput(channel), 1 << 16));
    }

    String who() {
        return who;
    }

    Message read() throws IOException {
        return WriterProtocol.read(in, who);
    }

    synchronized void send(int type, byte[] payload) throws IOException {
        WriterProtocol.send(channel, type, payload);
    }

    /**
     * Serves an attached writer until it says BYE (true) or its connection ends (false).
     *
     * @param lastSent receives each operation as it arrives, so the caller knows the one that may be
     *                 unapplied when the writer dies
     */
    boolean serve(ReplicationSetRunner set, java.util.function.Consumer<Operation> lastSent) throws IOException,
            InterruptedException {
        String source = "set " + set.name() + " writer " + who;
        try {
            while (true) {
                Message message = read();
                switch (message.type()) {
                    case WriterProtocol.OPERATION -> {
                        long sequence = message.number();
                        Operation operation = WriterProtocol.operationOf(message, source + " operation " + sequence);
                        SetPaths.checkLexically(operation.path(), source);
                        if (operation instanceof Operation.Rename rename) {
                            SetPaths.checkLexically(rename.target(), source);
                        } else if (operation instanceof Operation.CopyFile copy) {
                            SetPaths.checkLexically(copy.target(), source);
                        }
                        lastSent.accept(operation);
                        submit(set, sequence, operation);
                    }
                    case WriterProtocol.PAUSED -> {
                        CompletableFuture<Long> answer = pausedAnswer;
                        if (answer != null) {
                            answer.complete(message.number());
                        }
                    }
                    case WriterProtocol.BYE -> {
                        return true;
                    }
                    default -> throw new WireFormatException("from " + who + ": unexpected message type "
                            + message.type() + " from a writer");
                }
            }
        } catch (EOFException e) {
            return false;
        } catch (PathRefusedException e) {
            fail(e.getMessage());
            throw e;
        }
    }

    private void submit(ReplicationSetRunner set, long sequence, Operation operation) throws IOException,
            InterruptedException {
        ReplicationPump pump = set.pump();
        if (pump == null || failed) {
            throw new EOFException("set " + set.name() + " is no longer primary here");
        }
        boolean acknowledging = set.settings().level() != ConsistencyLevel.ASYNC; // an ASYNC writer waits for none
        try {
            pump.submit(operation).whenComplete((s, failure) -> {
                if (failure == null) {
                    if (acknowledging) {
                        acknowledge(sequence);
                    }
                } else {
                    fail("set " + set.name() + ": operation " + sequence + " on " + operation.path()
                            + " was not acknowledged: " + failure.getMessage());
                }
            });
        } catch (IllegalStateException | IllegalArgumentException e) {
            fail(e.getMessage());
            throw new EOFException(e.getMessage());
        }
    }

    /** Acknowledgements are cumulative: a late callback for an older sequence sends nothing. */
    private synchronized void acknowledge(long sequence) {
        if (sequence <= acknowledged || failed) {
            return;
        }
        acknowledged = sequence;
        try {
            send(WriterProtocol.ACK, ByteBuffer.allocate(Long.BYTES).putLong(sequence).array());
        } catch (IOException e) {
            close(); // the writer is gone; the reading thread sees the end
        }
    }

    /**
     * Holds the writer: returns once it has no operation in flight, until {@link #resume}.
     *
     * @return the token to resume with
     * @throws IOException if the writer does not answer within 30 s (it is then disconnected)
     */
    long pause() throws IOException, InterruptedException {
        long token = tokens.incrementAndGet();
        CompletableFuture<Long> answer = new CompletableFuture<>();
        pausedAnswer = answer;
        send(WriterProtocol.PAUSE, ByteBuffer.allocate(Long.BYTES).putLong(token).array());
        try {
            answer.get(PAUSE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return token;
        } catch (ExecutionException | TimeoutException e) {
            fail("the writer did not pause within " + PAUSE_TIMEOUT_SECONDS + " s");
            throw new IOException("writer " + who + " did not pause within " + PAUSE_TIMEOUT_SECONDS + " s");
        }
    }

    void resume(long token) throws IOException {
        send(WriterProtocol.RESUME, ByteBuffer.allocate(Long.BYTES).putLong(token).array());
    }

    /** Tells the writer it can write no more here, and ends the connection. */
    void fail(String message) {
        failed = true;
        try {
            send(WriterProtocol.FAILED, message.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // the writer is gone already
        }
        close();
    }

    void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // closing is all we wanted
        }
    }
}
