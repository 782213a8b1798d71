package org.swiftft.replication.internal;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.swiftft.journal.JournalException;
import org.swiftft.libft.replication.wire.Operation;
import org.swiftft.libft.replication.wire.OperationCodec;
import org.swiftft.libft.replication.wire.WireFormatException;

/**
 * One connection from a primary to a {@link ReplicaBackup}: the handshake, then operations in,
 * acknowledgements out. Operations are appended to the replica log strictly in sequence:
 * duplicates are dropped, a gap or a damaged frame asks for a resend from the last held sequence,
 * anything malformed, stale or naming a path outside the set drops the connection (counted and
 * reported, nothing written).
 */
final class BackupSession implements Runnable {

    private final ReplicaBackup backup;
    private final BackupConfig config;
    private final Socket socket;
    private final String peer;
    private AckSender acks;
    private OutputStream out;
    private long held;
    /** The sequence a resend was asked from and not yet answered, or -1: one request per gap. */
    private long resendAskedAt = -1;
    /** Applies a resync's operations between RESET and RESYNC_END; {@code null} otherwise. */
    private Replayer resyncing;
    private boolean handshakeEnded;

    BackupSession(ReplicaBackup backup, BackupConfig config, Socket socket) {
        this.backup = backup;
        this.config = config;
        this.socket = socket;
        this.peer = String.valueOf(socket.getRemoteSocketAddress());
    }

    @Override
    public void run() {
        // Not try-with-resources: the refusal is counted before the peer sees the hang-up.
        try {
            socket.setTcpNoDelay(true); // acknowledgements are small frames a primary waits for: no Nagle delay
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 1 << 16));
            out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
            boolean authenticated = authenticate(in);
            handshakeEnded();
            if (!authenticated) {
                return;
            }
            acks = new AckSender(this, backup.epoch(), held, backup.appliedSequence());
            acks.start();
            receive(in);
        } catch (AuthenticationException | WireFormatException | PathRefusedException e) {
            backup.countRefusal(peer, e.getMessage());
        } catch (EOFException e) {
            if (acks == null) {
                // The primary checks this backup's proof first: hanging up here means it did not accept it.
                backup.countRefusal(peer, "hung up during the handshake of set " + config.set() + "; it does not "
                        + "share this backup's secret, or is not a SwiFT primary");
            }
            // else the primary went away or was replaced; it reconnects
        } catch (java.net.SocketTimeoutException e) {
            if (acks == null) {
                backup.countRefusal(peer, "no handshake within " + ReplicaBackup.HANDSHAKE_TIMEOUT.toSeconds()
                        + " s for set " + config.set() + "; not a SwiFT primary, or a stalled one");
            }
        } catch (IOException e) {
            if (acks == null) {
                backup.countRefusal(peer, "connection failed during the handshake of set " + config.set() + ": " + e);
            } else if (backup.isCurrent(this)) {
                config.listener().failed(peer, "connection lost: " + e);
            }
        } finally {
            handshakeEnded();
            if (acks != null) {
                acks.stop();
            }
            close();
        }
    }

    /** Once per connection, whichever way its handshake ends. */
    private void handshakeEnded() {
        if (!handshakeEnded) {
            handshakeEnded = true;
            backup.handshakeEnded();
        }
    }

    private boolean authenticate(DataInputStream in) throws IOException {
        socket.setSoTimeout((int) ReplicaBackup.HANDSHAKE_TIMEOUT.toMillis());
        long epoch = Handshake.asBackup(in, out, peer, config.set(), config.secret());
        if (epoch < backup.epoch()) {
            backup.countRefusal(peer, "primary of stale epoch " + epoch + " (this backup is at epoch "
                    + backup.epoch() + "); it must not write any more: fail it over or assume the role again");
            return false;
        }
        if (epoch > backup.epoch()) {
            // A new primaryship: what this copy holds may differ from the new primary's tree.
            backup.markResyncPending();
        }
        backup.adoptEpoch(epoch);
        held = backup.activate(this);
        if (held < 0) {
            return false;
        }
        byte[] resync = {(byte) (backup.resyncPending() ? 1 : 0)};
        send(new Frame(FrameType.WELCOME, epoch, held, resync));
        socket.setSoTimeout(0); // a silent primary is fine; a new session replaces a dead one
        return true;
    }

    private void receive(DataInputStream in) throws IOException {
        while (backup.isCurrent(this)) {
            Frame frame;
            try {
                frame = FrameCodec.read(in, peer, FrameCodec.MAX_PAYLOAD);
            } catch (DamagedFrameException e) {
                backup.countRefusal(peer, e.getMessage() + "; asking for a resend");
                askResend(true);
                continue;
            }
            if (frame.epoch() < backup.epoch()) {
                throw new WireFormatException("from " + peer + ": " + frame + " of stale epoch, this backup is at "
                        + backup.epoch());
            }
            switch (frame.type()) {
                case OPERATION -> accept(frame);
                case RESET -> reset(frame.sequence());
                case MANIFEST_REQUEST -> describe(frame.sequence());
                case RESYNC_OPERATION -> resyncApply(frame);
                case RESYNC_END -> resyncEnd();
                default -> throw new WireFormatException("from " + peer + ": unexpected " + frame + " after the handshake");
            }
        }
    }

    // ---- resync: RESET, MANIFEST_REQUEST, RESYNC_OPERATION..., RESYNC_END ----

    private void reset(long sequence) throws IOException {
        backup.resetTo(sequence);
        held = sequence;
        resyncing = new Replayer(config.directory());
        acks.reset(sequence);
    }

    /** Describes the copy once everything up to {@code sequence} is applied (at once during a resync). */
    private void describe(long sequence) throws IOException {
        if (resyncing == null) {
            try {
                while (!backup.awaitApplied(sequence, java.time.Duration.ofSeconds(1))) {
                    if (!backup.isCurrent(this) || backup.replayFailure() != null) {
                        throw new EOFException("set " + config.set() + ": cannot describe the copy: "
                                + (backup.replayFailure() != null ? backup.replayFailure() : "session replaced"));
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EOFException("interrupted");
            }
        }
        TreeManifest manifest = TreeManifest.scan(config.directory(), path -> false);
        for (byte[] chunk : manifest.encode()) {
            send(new Frame(FrameType.MANIFEST, backup.epoch(), sequence, chunk));
        }
        send(new Frame(FrameType.MANIFEST, backup.epoch(), sequence, Frame.EMPTY));
    }

    private void resyncApply(Frame frame) throws IOException {
        if (resyncing == null) {
            throw new WireFormatException("from " + peer + ": a resync operation without a RESET first");
        }
        String source = "set " + config.set() + " resync from " + peer;
        Operation operation = OperationCodec.decode(ByteBuffer.wrap(frame.payload()), source);
        checkPaths(operation, 0);
        resyncing.apply(operation, source);
    }

    private void resyncEnd() throws IOException {
        if (resyncing == null) {
            throw new WireFormatException("from " + peer + ": RESYNC_END without a RESET first");
        }
        resyncing.syncTouched();
        resyncing = null;
        backup.resyncDone();
        send(new Frame(FrameType.RESYNC_DONE, backup.epoch(), held, Frame.EMPTY));
    }

    private void accept(Frame frame) throws IOException {
        if (resyncing != null) {
            throw new WireFormatException("from " + peer + ": an operation during a resync, before RESYNC_END");
        }
        long sequence = frame.sequence();
        if (sequence <= held) {
            return; // a duplicate: already in the log
        }
        if (sequence > held + 1) {
            askResend(false);
            return;
        }
        Operation operation = OperationCodec.decode(ByteBuffer.wrap(frame.payload()),
                "set " + config.set() + " operation " + sequence + " from " + peer);
        checkPaths(operation, sequence);
        CompletionStage<Long> durable = append(frame.payload(), sequence);
        held = sequence;
        resendAskedAt = -1;
        acks.received(sequence);
        durable.whenComplete((s, failure) -> {
            if (failure != null) {
                config.listener().failed(peer, "replica log failed at operation " + sequence + ": " + failure);
                close();
            } else {
                acks.durable(s);
                backup.replayer().wake();
            }
        });
    }

    private void checkPaths(Operation operation, long sequence) throws PathRefusedException {
        String source = "set " + config.set() + " operation " + sequence + " from " + peer;
        SetPaths.checkLexically(operation.path(), source);
        if (operation instanceof Operation.Rename rename) {
            SetPaths.checkLexically(rename.target(), source);
        }
    }

    /** Appends under the backup's lock; when the log is at its cap, waits for the replayer to free room. */
    private CompletionStage<Long> append(byte[] payload, long sequence) throws IOException {
        while (true) {
            CompletableFuture<Long> stage;
            synchronized (backup.appendLock()) {
                if (!backup.isCurrent(this)) {
                    throw new EOFException("session replaced");
                }
                stage = backup.log().appendAsync(ByteBuffer.wrap(payload)).toCompletableFuture();
                if (!stage.isCompletedExceptionally() && backup.log().lastSequence() != sequence) {
                    throw new IOException("set " + config.set() + ": replica log sequence " + backup.log().lastSequence()
                            + " out of step with operation " + sequence + "; resync the set");
                }
            }
            if (!isFull(stage)) {
                return stage;
            }
            if (!backup.replayer().awaitRoom()) {
                throw new EOFException("backup closing");
            }
        }
    }

    private static boolean isFull(CompletableFuture<Long> stage) {
        if (!stage.isCompletedExceptionally()) {
            return false;
        }
        Throwable cause = stage.handle((v, t) -> t).join();
        return cause instanceof JournalException e && e.reason() == JournalException.Reason.FULL;
    }

    private void askResend(boolean damaged) throws IOException {
        if (!damaged && resendAskedAt == held) {
            return; // frames after the gap keep coming until the primary rewinds
        }
        resendAskedAt = held;
        send(new Frame(FrameType.RESEND, backup.epoch(), held, Frame.EMPTY));
    }

    void applied(long sequence) {
        AckSender sender = acks;
        if (sender != null) {
            sender.applied(sequence);
        }
    }

    /** Sends one frame and flushes; frames from the receiver and the ack sender never interleave. */
    void send(Frame frame) throws IOException {
        synchronized (socket) {
            FrameCodec.write(out, frame);
            out.flush();
        }
    }

    String peer() {
        return peer;
    }

    ReplicationListener listener() {
        return config.listener();
    }

    void close() {
        backup.ended(this);
        try {
            socket.close();
        } catch (IOException e) {
            // closing is all we wanted
        }
    }
}
