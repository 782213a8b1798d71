package org.swiftft.replication.internal;

import org.swiftft.libft.files.DurableFiles;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.swiftft.journal.Journal;
import org.swiftft.journal.JournalException;
import org.swiftft.journal.JournalOptions;
import org.swiftft.libft.replication.wire.OperationCodec;

/**
 * The backup side of one replication set: accepts its primary (the listener binds to loopback
 * unless configured otherwise), keeps the replica log (the original REPL's log keeper, Bcplog) and
 * runs the {@link ReplicaReplayer} over its copy of the directory.
 *
 * <p>One primary session at a time: a newly authenticated connection replaces the previous one.
 * Journal sequence == operation sequence, so what the log holds is what the primary is told on
 * every (re)connection, and it resumes from there.
 *
 * <p>Thread-safe. {@link #close()} stops accepting, ends the session and the replayer, and closes
 * the log; what was acknowledged DURABLE stays in it.
 */
public final class ReplicaBackup implements AutoCloseable {

    static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(5);
    /** Connections not yet authenticated; more are closed at once, so strangers cannot exhaust threads. */
    static final int MAX_HANDSHAKING = 16;

    private final BackupConfig config;
    /** Present while a resync is unfinished: the copy matches neither the log nor the primary until it ends. */
    static final String RESYNC_PENDING = "resync.pending";

    private final ReplicaLog log;
    private final ServerSocket server;
    private volatile ReplicaReplayer replayer;
    private final Thread acceptor;
    private final Object sessions = new Object();
    private final AtomicLong refused = new AtomicLong();
    private final java.util.concurrent.Semaphore handshaking = new java.util.concurrent.Semaphore(MAX_HANDSHAKING);
    private volatile BackupSession current;
    private volatile long epoch;
    private volatile boolean closed;

    public ReplicaBackup(BackupConfig config) throws IOException {
        this.config = config;
        Files.createDirectories(config.stateDirectory());
        ReplicaMark mark = ReplicaMark.read(config.stateDirectory());
        this.epoch = mark.epoch();
        this.log = openLog(config);
        try {
            this.replayer = new ReplicaReplayer(this, config, log, mark);
            this.server = new ServerSocket();
            server.bind(config.listen());
        } catch (IOException | RuntimeException e) {
            closeQuietly(log);
            throw e;
        }
        if (!resyncPending()) {
            replayer.start(); // else the copy is half resynced: nothing is applied until the primary finishes it
        }
        this.acceptor = new Thread(this::acceptLoop, "replication-" + config.set() + "-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private static ReplicaLog openLog(BackupConfig config) throws IOException {
        try {
            return ReplicaLog.open(config.stateDirectory(), logOptions(config));
        } catch (JournalException e) {
            throw new IOException("set " + config.set() + ": cannot open the replica log: " + e.getMessage(), e);
        }
    }

    private static void closeQuietly(Journal journal) {
        try {
            journal.close();
        } catch (JournalException e) {
            // already failing with the cause that matters
        }
    }

    private static JournalOptions logOptions(BackupConfig config) {
        // Segments well below the cap: the log is freed a whole segment at a time, never the one being written.
        long segment = Math.max(OperationCodec.MAX_ENCODED_BYTES + 1024L, Math.min(16L << 20, config.logCapBytes() / 4));
        return new JournalOptions(config.logDurability(), 200, 1_000, OperationCodec.MAX_ENCODED_BYTES,
                config.logCapBytes(), segment);
    }

    /**
     * Readies a state folder for a runtime that becomes backup at {@code epoch} (a demoted primary, a
     * role change): frames of older epochs are refused from the start, and the copy — which may hold
     * what the new primary never got — is resynced by the first primary that connects.
     */
    static void prepareForEpoch(Path stateDirectory, long epoch) throws IOException {
        Files.createDirectories(stateDirectory);
        Path marker = stateDirectory.resolve(RESYNC_PENDING);
        if (!Files.exists(marker)) {
            Files.createFile(marker);
        }
        ReplicaMark mark = ReplicaMark.read(stateDirectory);
        // Written even when the epoch is not newer: it syncs the folder, and the marker's creation with it.
        new ReplicaMark(Math.max(epoch, mark.epoch()), mark.applied()).write(stateDirectory);
    }

    /** Where the primary connects. */
    public InetSocketAddress address() {
        return (InetSocketAddress) server.getLocalSocketAddress();
    }

    private void acceptLoop() {
        long failures = 0;
        while (!closed) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                // out of descriptors, accept fails at once, again and again: pause rather than spin or give up
                if (failures++ % 10 == 0) {
                    config.listener().failed(config.listen().toString(), "accepting failed (" + failures
                            + " so far): " + e + "; retrying every 100 ms");
                }
                sleepQuietly(100);
                continue;
            }
            if (!handshaking.tryAcquire()) {
                countRefusal(String.valueOf(socket.getRemoteSocketAddress()), MAX_HANDSHAKING
                        + " connections are already in their handshake; closed at once");
                closeQuietly(socket);
                continue;
            }
            // A thread per connection: a stranger stalling its handshake holds up only itself (and times out).
            Thread handler = new Thread(() -> new BackupSession(this, config, socket).run(),
                    "replication-" + config.set() + "-session-" + socket.getRemoteSocketAddress());
            handler.setDaemon(true);
            handler.start();
        }
    }

    /** A connection's handshake ended, well or not: another stranger may try. */
    void handshakeEnded() {
        handshaking.release();
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing is all we wanted
        }
    }

    /**
     * Makes an authenticated session the one that feeds the log, ending the previous one. Returns
     * the last sequence held, with everything up to it durable, or -1 if the backup is closing.
     */
    long activate(BackupSession session) throws IOException {
        BackupSession previous;
        synchronized (sessions) {
            if (closed) {
                return -1;
            }
            previous = current;
            current = session;
        }
        if (previous != null) {
            previous.close();
        }
        // Appends happen under the session lock; once the old session is gone nothing else appends.
        synchronized (appendLock()) {
            try {
                String failure = log.reopenIfFailed();
                if (failure != null) {
                    config.listener().failed("replica log", "the replica log had failed (" + failure
                            + "); reopened for the new session, keeping what was durable");
                }
                log.sync();
            } catch (JournalException e) {
                throw new IOException("set " + config.set() + ": the replica log cannot be synced: " + e.getMessage(), e);
            }
            return log.lastSequence();
        }
    }

    /** The connected primary's address, or {@code null}. */
    public String primaryAddress() {
        BackupSession session = current;
        return session == null ? null : session.peer();
    }

    /** Whether a primary is connected now. */
    public boolean hasPrimary() {
        return current != null;
    }

    /** A session's connection ended: no primary until the next one authenticates. */
    void ended(BackupSession session) {
        synchronized (sessions) {
            if (current == session) {
                current = null;
            }
        }
    }

    boolean isCurrent(BackupSession session) {
        return current == session;
    }

    Object appendLock() {
        return log;
    }

    Journal log() {
        return log;
    }

    /** Whether the copy needs a resync before anything more is applied (an unfinished one, or a new epoch). */
    boolean resyncPending() {
        return Files.exists(config.stateDirectory().resolve(RESYNC_PENDING));
    }

    /**
     * Starts a resync: stops replay, drops the log, and takes {@code sequence} as the last one held,
     * all durably, with the pending marker written first so that a crash half-way resyncs again.
     */
    void resetTo(long sequence) throws IOException {
        synchronized (appendLock()) {
            markResyncPending();
            replayer.stop();
            try {
                log.reset(sequence);
            } catch (JournalException e) {
                throw new IOException("set " + config.set() + ": the replica log cannot be reset: " + e.getMessage(), e);
            }
            ReplicaMark mark = new ReplicaMark(epoch, sequence);
            mark.write(config.stateDirectory());
            replayer = new ReplicaReplayer(this, config, log, mark);
        }
    }

    void markResyncPending() throws IOException {
        Path marker = config.stateDirectory().resolve(RESYNC_PENDING);
        if (!Files.exists(marker)) {
            Files.createFile(marker);
            syncDirectory();
        }
    }

    /** The resync's operations are durable in the copy: replay resumes from the reset sequence. */
    void resyncDone() throws IOException {
        Files.deleteIfExists(config.stateDirectory().resolve(RESYNC_PENDING));
        syncDirectory();
        replayer.start();
    }

    private void syncDirectory() throws IOException {
        DurableFiles.syncFolder(config.stateDirectory());
    }

    ReplicaReplayer replayer() {
        return replayer;
    }

    /** The epoch frames must carry at least; a newer one from an authenticated primary is adopted durably. */
    long epoch() {
        return epoch;
    }

    synchronized void adoptEpoch(long newer) throws IOException {
        if (newer > epoch) {
            new ReplicaMark(newer, replayer.applied()).write(config.stateDirectory());
            epoch = newer;
        }
    }

    /** Records the applied sequence durably with the current epoch (the replayer's checkpoints). */
    synchronized void markApplied(long applied) throws IOException {
        new ReplicaMark(epoch, applied).write(config.stateDirectory());
        BackupSession session = current;
        if (session != null) {
            session.applied(applied);
        }
    }

    void countRefusal(String peer, String message) {
        refused.incrementAndGet();
        config.listener().refused(peer, message);
    }

    /** Frames or connections refused so far. */
    public long refusedCount() {
        return refused.get();
    }

    /** Last sequence in the replica log. */
    public long receivedSequence() {
        return log.lastSequence();
    }

    /** Last sequence fsync'd in the replica log. */
    public long durableSequence() {
        return log.lastDurableSequence();
    }

    /** Last sequence applied to the copy and recorded durably. */
    public long appliedSequence() {
        return replayer.applied();
    }

    /** Waits until {@code sequence} is applied; false on timeout. */
    public boolean awaitApplied(long sequence, Duration timeout) throws InterruptedException {
        return replayer.awaitApplied(sequence, timeout);
    }

    /** Why the replayer stopped for good (fsync failure), or {@code null}. */
    public String replayFailure() {
        return replayer.fatalError();
    }

    @Override
    public void close() throws IOException {
        BackupSession session;
        synchronized (sessions) {
            if (closed) {
                return;
            }
            closed = true;
            session = current;
            current = null;
        }
        server.close();
        if (session != null) {
            session.close();
        }
        replayer.stop();
        synchronized (appendLock()) {
            try {
                log.close();
            } catch (JournalException e) {
                throw new IOException("set " + config.set() + ": closing the replica log: " + e.getMessage(), e);
            }
        }
    }
}
