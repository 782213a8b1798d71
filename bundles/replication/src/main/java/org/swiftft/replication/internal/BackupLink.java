package org.swiftft.replication.internal;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.swiftft.journal.JournalException;
import org.swiftft.libft.replication.wire.WireFormatException;
import org.swiftft.replication.PeerStatusDTO;
import org.swiftft.replication.Role;

/**
 * The pump's connection to one backup: connects (with backoff after a failure), authenticates,
 * resumes from the sequence the backup reports holding durably, and ships operations in order —
 * from the pump's window, or from its log for a backup that fell behind. A reader thread takes the
 * backup's acknowledgements and resend requests; no acknowledgement (not even the keepalive) for
 * {@link #ACK_TIMEOUT} means the link is dead and is reconnected.
 */
final class BackupLink {

    static final Duration ACK_TIMEOUT = Duration.ofMillis(5 * AckSender.KEEPALIVE_MILLIS);
    private static final long MIN_BACKOFF_MILLIS = 20;
    private static final long MAX_BACKOFF_MILLIS = 1_000;
    private static final int CONNECT_TIMEOUT_MILLIS = 2_000;
    private static final long LOG_READ_BYTES = 8L << 20;

    private final ReplicationPump pump;
    private final PumpConfig config;
    private final InetSocketAddress address;
    private final String peer;
    private final Thread thread;
    private final CountDownLatch closing = new CountDownLatch(1);
    private final Object cursorLock = new Object();
    private volatile Socket socket;
    private volatile boolean connected;
    private volatile long disconnectedSince = System.nanoTime();
    private volatile long received;
    private volatile long durable;
    private volatile long applied;
    private volatile String lastError;
    private long cursor;
    private long rewindTo = -1;
    private NavigableMap<Long, byte[]> fromLog = new TreeMap<>();
    private volatile boolean resyncRequested;
    private volatile String resyncReason;
    /** A verification waiting for the backup's manifest, and the chunks received so far (reader thread). */
    private volatile CompletableFuture<List<byte[]>> manifestWanted;
    private volatile boolean manifestAsked;
    private final List<byte[]> manifestChunks = new ArrayList<>();
    private volatile String lastResync;

    BackupLink(ReplicationPump pump, PumpConfig config, InetSocketAddress address) {
        this.pump = pump;
        this.config = config;
        this.address = address;
        this.peer = address.getHostString() + ":" + address.getPort();
        this.thread = new Thread(this::run, "replication-" + config.set() + "-link-" + peer);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private void run() {
        long backoff = MIN_BACKOFF_MILLIS;
        while (closing.getCount() > 0) {
            boolean sessionStarted = false;
            long started = System.nanoTime();
            try (Socket s = new Socket()) {
                socket = s;
                // A session that ends at once (the backup's log or disk is full) backs off like a refused one.
                sessionStarted = session(s) && System.nanoTime() - started > TimeUnit.SECONDS.toNanos(1);
            } catch (AuthenticationException | WireFormatException e) {
                report(e.getMessage(), true);
            } catch (IOException | JournalException e) {
                report("link to backup " + peer + ": " + e.getMessage(), false);
            } catch (InterruptedException e) {
                return;
            } finally {
                disconnected();
            }
            backoff = sessionStarted ? MIN_BACKOFF_MILLIS : Math.min(2 * backoff, MAX_BACKOFF_MILLIS);
            pump.recompute(); // the grace of a lost backup runs out while we wait here
            if (await(backoff)) {
                return;
            }
        }
    }

    private void report(String message, boolean refusal) {
        if (closing.getCount() == 0) {
            return;
        }
        lastError = message;
        if (refusal) {
            config.listener().refused(peer, message);
        } else {
            config.listener().failed(peer, message);
        }
    }

    /** @return whether the handshake succeeded (so the next attempt need not back off) */
    private boolean session(Socket s) throws IOException, JournalException, InterruptedException {
        s.connect(address, CONNECT_TIMEOUT_MILLIS);
        s.setTcpNoDelay(true);
        s.setSoTimeout((int) ReplicaBackup.HANDSHAKE_TIMEOUT.toMillis());
        DataInputStream in = new DataInputStream(new BufferedInputStream(s.getInputStream(), 1 << 16));
        OutputStream out = new BufferedOutputStream(s.getOutputStream(), 1 << 16);
        Frame welcome = Handshake.asPrimary(in, out, peer, config.set(), config.secret(), config.epoch());
        long held = welcome.sequence();
        s.setSoTimeout((int) ACK_TIMEOUT.toMillis());
        String why = resyncReason(welcome);
        if (why != null) {
            held = resync(in, out, why);
        }
        resumeFrom(held);
        Thread reader = new Thread(() -> readAcks(in, s), "replication-" + config.set() + "-acks-" + peer);
        reader.setDaemon(true);
        reader.start();
        try {
            ship(out, s);
        } finally {
            s.close();
            reader.join();
        }
        return true;
    }

    /** Why this backup cannot simply resume from what it holds, or {@code null} if it can. */
    private String resyncReason(Frame welcome) {
        long held = welcome.sequence();
        if (resyncRequested) {
            return resyncReason;
        }
        if (welcome.payload().length > 0 && welcome.payload()[0] == 1) {
            return "its copy is new to this epoch or was left half resynced";
        }
        if (held > pump.lastSequence()) {
            return "it holds operations up to " + held + ", beyond this primary's " + pump.lastSequence();
        }
        if (held + 1 < pump.firstAvailable()) {
            return "it holds operations up to " + held + " but this primary's log starts at " + pump.firstAvailable();
        }
        return null;
    }

    private long resync(DataInputStream in, OutputStream out, String why) throws IOException, InterruptedException {
        BackupResync.Outcome outcome = new BackupResync(pump, config, peer, in, out).run();
        resyncRequested = false;
        lastResync = "resynced at " + outcome.sequence() + " because " + why + ": " + outcome.summary();
        config.listener().resynced(peer, lastResync);
        return outcome.sequence();
    }

    /** The next connection resyncs; the current one is dropped to get there. */
    void requestResync(String why) {
        resyncReason = why;
        resyncRequested = true;
        Socket current = socket;
        if (current != null) {
            closeQuietly(current);
        }
    }

    String lastResync() {
        return lastResync;
    }

    private void resumeFrom(long held) {
        synchronized (cursorLock) {
            cursor = held + 1;
            rewindTo = -1;
        }
        received = held;
        durable = held;
        fromLog = new TreeMap<>();
        connected = true;
        lastError = null;
        pump.recompute();
    }

    /** Sends operations in order until the socket closes (the reader closes it on any trouble). */
    private void ship(OutputStream out, Socket s) throws IOException, JournalException, InterruptedException {
        while (!s.isClosed() && closing.getCount() > 0) {
            askManifestIfWanted(out);
            long next = nextToSend();
            if (next > pump.lastSequence()) {
                out.flush();
                pump.awaitSubmitted(next);
                continue;
            }
            FrameCodec.write(out, new Frame(FrameType.OPERATION, config.epoch(), next, payload(next)));
            synchronized (cursorLock) {
                if (rewindTo < 0) {
                    cursor = next + 1;
                }
            }
        }
    }

    /** In the operation stream, so the backup describes its copy as of the last operation sent before it. */
    private void askManifestIfWanted(OutputStream out) throws IOException {
        if (manifestWanted != null && !manifestAsked) {
            long sent;
            synchronized (cursorLock) {
                sent = cursor - 1;
            }
            manifestAsked = true;
            FrameCodec.write(out, new Frame(FrameType.MANIFEST_REQUEST, config.epoch(), sent, Frame.EMPTY));
            out.flush();
        }
    }

    /**
     * The backup's manifest, asked for in the operation stream.
     *
     * @return the manifest's frames, or a failed stage if the backup is not connected or the link drops
     */
    synchronized CompletableFuture<List<byte[]>> describeBackup() {
        CompletableFuture<List<byte[]>> wanted = new CompletableFuture<>();
        if (!connected) {
            wanted.completeExceptionally(new IOException("backup " + peer + " is not connected"
                    + (lastError == null ? "" : ": " + lastError)));
            return wanted;
        }
        if (manifestWanted != null) {
            return manifestWanted;
        }
        synchronized (manifestChunks) {
            manifestChunks.clear();
        }
        manifestAsked = false;
        manifestWanted = wanted;
        pump.wakeSenders();
        wanted.whenComplete((chunks, failure) -> clearManifestRequest(wanted));
        return wanted;
    }

    private synchronized void clearManifestRequest(CompletableFuture<List<byte[]>> done) {
        if (manifestWanted == done) {
            manifestWanted = null;
        }
    }

    private void manifestReceived(Frame frame) {
        CompletableFuture<List<byte[]>> wanted = manifestWanted;
        if (wanted == null) {
            return; // a late answer to a verification that gave up
        }
        synchronized (manifestChunks) {
            if (frame.payload().length > 0) {
                manifestChunks.add(frame.payload());
                return;
            }
            wanted.complete(new ArrayList<>(manifestChunks));
        }
    }

    String peer() {
        return peer;
    }

    private long nextToSend() {
        synchronized (cursorLock) {
            if (rewindTo >= 0) {
                cursor = rewindTo;
                rewindTo = -1;
            }
            return cursor;
        }
    }

    private byte[] payload(long sequence) throws JournalException, IOException {
        byte[] payload = pump.windowPayload(sequence);
        if (payload != null) {
            return payload;
        }
        payload = fromLog.get(sequence);
        if (payload == null) {
            fromLog = pump.readLog(sequence, LOG_READ_BYTES);
            payload = fromLog.isEmpty() ? null : fromLog.get(sequence);
            if (payload == null) {
                fromLog = pump.readLog(sequence, LOG_READ_BYTES);
                payload = fromLog.get(sequence);
            }
        }
        if (payload == null) {
            throw new IOException("operation " + sequence + " for backup " + peer + " is neither in memory nor in "
                    + "the pump's log; the backup needs a resync");
        }
        return payload;
    }

    private void readAcks(DataInputStream in, Socket s) {
        try {
            while (true) {
                Frame frame = FrameCodec.read(in, peer, FrameCodec.MAX_PAYLOAD);
                if (frame.type() == FrameType.ACK && frame.payload().length == 16) {
                    acknowledged(frame);
                } else if (frame.type() == FrameType.RESEND) {
                    rewind(frame.sequence());
                } else if (frame.type() == FrameType.MANIFEST) {
                    manifestReceived(frame);
                } else {
                    throw new WireFormatException("from backup " + peer + ": unexpected " + frame);
                }
            }
        } catch (SocketTimeoutException e) {
            report("backup " + peer + " sent no acknowledgement for " + ACK_TIMEOUT.toMillis() + " ms; reconnecting",
                    false);
        } catch (WireFormatException e) {
            report(e.getMessage(), true);
        } catch (EOFException e) {
            report("backup " + peer + " closed the connection", false);
        } catch (IOException e) {
            if (!s.isClosed()) {
                report("link to backup " + peer + " lost: " + e, false);
            }
        } finally {
            closeQuietly(s);
            CompletableFuture<List<byte[]>> wanted = manifestWanted;
            if (wanted != null) {
                wanted.completeExceptionally(new IOException("the link to backup " + peer + " dropped: "
                        + lastError));
            }
            pump.wakeSenders();
        }
    }

    private void acknowledged(Frame ack) {
        ByteBuffer payload = ByteBuffer.wrap(ack.payload());
        received = Math.max(received, ack.sequence());
        durable = Math.max(durable, payload.getLong());
        applied = Math.max(applied, payload.getLong());
        pump.recompute();
    }

    private void rewind(long held) {
        synchronized (cursorLock) {
            rewindTo = held + 1;
        }
        pump.wakeSenders();
    }

    private void disconnected() {
        if (connected) {
            disconnectedSince = System.nanoTime();
        }
        connected = false;
        socket = null;
    }

    /** Whether acknowledgements wait for this backup: connected, or lost less than {@code grace} ago. */
    boolean counts(long nowNanos, Duration grace) {
        return connected || nowNanos - disconnectedSince < grace.toNanos();
    }

    boolean connected() {
        return connected;
    }

    long received() {
        return received;
    }

    long durable() {
        return durable;
    }

    PeerStatusDTO status(long lastSequence) {
        PeerStatusDTO dto = new PeerStatusDTO();
        dto.address = peer;
        dto.role = Role.BACKUP;
        dto.connected = connected;
        dto.durableSequence = durable;
        dto.appliedSequence = applied;
        dto.lagOperations = Math.max(0, lastSequence - durable);
        dto.lastError = lastError;
        return dto;
    }

    /** @return true if closing */
    private boolean await(long millis) {
        try {
            return closing.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            return true;
        }
    }

    void close() {
        closing.countDown();
        Socket s = socket;
        if (s != null) {
            closeQuietly(s);
        }
        pump.wakeSenders();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing is all we wanted
        }
    }
}
