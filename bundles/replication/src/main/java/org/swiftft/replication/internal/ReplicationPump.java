package org.swiftft.replication.internal;

import org.swiftft.libft.files.DurableFiles;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.swiftft.journal.Durability;
import org.swiftft.journal.Journal;
import org.swiftft.journal.JournalException;
import org.swiftft.journal.JournalOptions;
import org.swiftft.libft.journal.Journals;
import org.swiftft.libft.replication.wire.Operation;
import org.swiftft.libft.replication.wire.OperationCodec;
import org.swiftft.replication.ConsistencyLevel;
import org.swiftft.replication.PeerStatusDTO;
import org.swiftft.replication.ReplicationException;

/**
 * The primary side of one set — the original REPL's pump. Takes operations from the primary's
 * writer, numbers them, keeps them in its own log until every backup has them durably, ships them
 * in order to each backup through a {@link BackupLink}, and acknowledges each at the set's
 * {@link ConsistencyLevel}: ASYNC at once, RECEIVED or DURABLE once every counted backup reports it.
 *
 * <p>A backup counts while connected and for {@link PumpConfig#degradeAfter()} after it is lost;
 * after that acknowledgements go on without it (the set is degraded) and it catches up from the log
 * when it returns. Memory is bounded: operations not yet durable on every counted backup are kept
 * in a window of at most {@link PumpConfig#backpressureBytes()}, and {@link #submit} waits for room.
 *
 * <p>Thread-safe; operations are numbered in the order submit is called.
 */
public final class ReplicationPump implements OperationSink, AutoCloseable {

    private record Entry(byte[] payload, long submittedMillis) {
    }

    /** Written when the pump stops cleanly; missing at start means a crash. */
    static final String CLEAN_STOP = "pump.clean";

    private static final long GRACE_TICK_MILLIS = 200;

    private final PumpConfig config;
    private final java.util.concurrent.ScheduledExecutorService graceTicker =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(task -> {
                Thread thread = new Thread(task, "replication-grace");
                thread.setDaemon(true);
                return thread;
            });
    private final Journal log;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition room = lock.newCondition();
    private final Condition submitted = lock.newCondition();
    private final NavigableMap<Long, Entry> window = new TreeMap<>();
    private final NavigableMap<Long, CompletableFuture<Long>> waiting = new TreeMap<>();
    private final List<BackupLink> links = new ArrayList<>();
    private long windowBytes;
    private long lastSequence;
    private long truncatedTo;
    private boolean overCap;
    private volatile String failure;
    private boolean closed;

    public ReplicationPump(PumpConfig config) throws IOException {
        this.config = config;
        boolean fresh = !Files.isDirectory(config.stateDirectory());
        Files.createDirectories(config.stateDirectory());
        boolean clean = Files.deleteIfExists(config.stateDirectory().resolve(CLEAN_STOP));
        try {
            // Segments small beside the cap: the log is freed a whole segment at a time. Written, not
            // fsync'd per operation: backups hold what is acknowledged; after a crash the tail may be
            // lost, and every backup is resynced (below) rather than resumed from it.
            long segment = Math.max(OperationCodec.MAX_ENCODED_BYTES + 1024, Math.min(16L << 20, config.logCapBytes() / 4));
            this.log = Journals.open(config.stateDirectory(), "pump", new JournalOptions(Durability.PERIODIC, 200,
                    1_000, OperationCodec.MAX_ENCODED_BYTES, 1L << 40, segment));
        } catch (JournalException e) {
            throw new IOException("set " + config.set() + ": cannot open the pump's log: " + e.getMessage(), e);
        }
        this.lastSequence = log.lastSequence();
        for (InetSocketAddress address : config.backups()) {
            links.add(new BackupLink(this, config, address));
        }
        if (!fresh && !clean) {
            // A crash: the log's tail may be gone, and the writer's last operation may be applied here
            // but never logged. Numbers could be reused for other operations: no backup resumes.
            links.forEach(link -> link.requestResync("the primary's runtime stopped without closing its log"));
        }
        links.forEach(BackupLink::start);
        // A lost or stalled backup's grace runs out with no event to say so (no acknowledgement comes
        // from a backup in a resync, or from none at all): what waits for it is looked at again here.
        graceTicker.scheduleWithFixedDelay(this::recompute, GRACE_TICK_MILLIS, GRACE_TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    /**
     * Hands one operation (already applied locally) to replication. Waits while the window is
     * full (backpressure).
     *
     * @return a stage completing with the operation's sequence when it is acknowledged at the set's
     *         level, or exceptionally with a {@link ReplicationException} if the pump closes first
     * @throws IllegalArgumentException if the operation is larger than a frame can carry (split writes)
     * @throws IllegalStateException    if the pump is closed or its log failed
     */
    public CompletionStage<Long> submit(Operation operation) throws InterruptedException {
        byte[] payload = OperationCodec.encode(operation);
        if (payload.length > OperationCodec.MAX_ENCODED_BYTES) {
            throw new IllegalArgumentException("set " + config.set() + ": operation on " + operation.path() + " of "
                    + payload.length + " bytes exceeds " + OperationCodec.MAX_ENCODED_BYTES + "; split the write");
        }
        lock.lock();
        try {
            // One operation may exceed the bound on its own; it then waits for an empty window.
            while (!closed && failure == null && windowBytes > 0
                    && windowBytes + payload.length > config.backpressureBytes()) {
                room.await();
            }
            if (closed || failure != null) {
                throw new IllegalStateException("set " + config.set() + ": the pump is "
                        + (closed ? "closed" : "failed: " + failure));
            }
            return enqueue(payload);
        } finally {
            lock.unlock();
        }
    }

    /** Under the lock, so that journal sequence and operation sequence stay the same. */
    private CompletionStage<Long> enqueue(byte[] payload) {
        long sequence = ++lastSequence;
        log.appendAsync(ByteBuffer.wrap(payload)).whenComplete((s, e) -> {
            if (e != null) {
                logFailed(e);
            }
        });
        window.put(sequence, new Entry(payload, System.currentTimeMillis()));
        windowBytes += payload.length;
        submitted.signalAll();
        if (config.level() == ConsistencyLevel.ASYNC) {
            return CompletableFuture.completedFuture(sequence);
        }
        // Every backup may be gone past its grace: then nothing else would drain the window or acknowledge.
        long[] limits = limits();
        shrinkWindow(limits[1]);
        if (sequence <= acknowledgedLimit(limits)) {
            return CompletableFuture.completedFuture(sequence);
        }
        CompletableFuture<Long> acknowledged = new CompletableFuture<>();
        waiting.put(sequence, acknowledged);
        return acknowledged;
    }

    /** Under the lock: {received, durable} over the backups that count, {@code Long.MAX_VALUE} if none does. */
    private long[] limits() {
        long now = System.nanoTime();
        long received = Long.MAX_VALUE;
        long durable = Long.MAX_VALUE;
        long nowMillis = System.currentTimeMillis();
        for (BackupLink link : links) {
            if (link.counts(now, config.degradeAfter()) && !stalled(link, nowMillis)) {
                received = Math.min(received, Math.max(link.received(), link.durable()));
                durable = Math.min(durable, link.durable());
            }
        }
        return new long[] {received, durable};
    }

    /**
     * Under the lock: a connected backup that has not made durable what was sent it for the grace
     * period (its disk is full, its log at its cap, its replay stuck) holds acknowledgements back
     * no longer; it counts again once it has caught up. Its keepalives bring the pump here every
     * second, so the grace ends on time.
     */
    private boolean stalled(BackupLink link, long nowMillis) {
        if (link.durable() >= lastSequence) {
            return false;
        }
        Map.Entry<Long, Entry> oldest = window.ceilingEntry(link.durable() + 1);
        return oldest == null || nowMillis - oldest.getValue().submittedMillis > config.degradeAfter().toMillis();
    }

    private long acknowledgedLimit(long[] limits) {
        return config.level() == ConsistencyLevel.RECEIVED ? limits[0] : limits[1];
    }

    private void logFailed(Throwable e) {
        failure = "the pump's log in " + config.stateDirectory() + " failed: " + e.getMessage();
        config.listener().failed("pump", failure + "; operations are no longer accepted: fix the disk and restart");
    }

    // ---- for the links ----

    long lastSequence() {
        lock.lock();
        try {
            return lastSequence;
        } finally {
            lock.unlock();
        }
    }

    /** The operation's bytes if still in the window, else {@code null}: read it from the log. */
    byte[] windowPayload(long sequence) {
        lock.lock();
        try {
            Entry entry = window.get(sequence);
            return entry == null ? null : entry.payload;
        } finally {
            lock.unlock();
        }
    }

    /** Waits until {@code sequence} has been submitted, or briefly, so the caller can recheck its link. */
    void awaitSubmitted(long sequence) throws InterruptedException {
        lock.lock();
        try {
            if (lastSequence < sequence && !closed) {
                submitted.await(200, TimeUnit.MILLISECONDS);
            }
        } finally {
            lock.unlock();
        }
    }

    void wakeSenders() {
        lock.lock();
        try {
            submitted.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Operations from {@code from} on, out of the log, up to about {@code maxBytes}. */
    NavigableMap<Long, byte[]> readLog(long from, long maxBytes) throws JournalException {
        NavigableMap<Long, byte[]> read = new TreeMap<>();
        long[] bytes = {0};
        try {
            log.replay(from, record -> {
                byte[] payload = new byte[record.payload().remaining()];
                record.payload().get(payload);
                read.put(record.sequence(), payload);
                bytes[0] += payload.length;
                if (bytes[0] >= maxBytes) {
                    throw new EnoughRead();
                }
            });
        } catch (EnoughRead enough) {
            // stopped early on purpose
        }
        if (read.isEmpty()) {
            log.sync(); // acknowledged by the backups before the log's own group commit: make it readable
        }
        return read;
    }

    private static final class EnoughRead extends RuntimeException {
        private static final long serialVersionUID = 1L;

        EnoughRead() {
            super(null, null, false, false);
        }
    }

    /** A link's acknowledgements or connection changed: complete what is now acknowledged. */
    void recompute() {
        List<CompletableFuture<Long>> done = new ArrayList<>();
        List<Long> sequences = new ArrayList<>();
        long truncateTo;
        lock.lock();
        try {
            long[] limits = limits();
            long acknowledged = config.level() == ConsistencyLevel.ASYNC ? Long.MAX_VALUE : acknowledgedLimit(limits);
            for (Map.Entry<Long, CompletableFuture<Long>> e : waiting.headMap(acknowledged, true).entrySet()) {
                sequences.add(e.getKey());
                done.add(e.getValue());
            }
            waiting.headMap(acknowledged, true).clear();
            shrinkWindow(limits[1]);
            truncateTo = truncationPoint();
        } finally {
            lock.unlock();
        }
        for (int i = 0; i < done.size(); i++) {
            done.get(i).complete(sequences.get(i));
        }
        truncateLog(truncateTo);
    }

    /**
     * Under the lock: what every backup has durably; above the log's cap, what every connected one
     * has — a backup that is away then resyncs when it returns, rather than the log filling the disk.
     */
    private long truncationPoint() {
        long everyBackup = lastSequence;
        long connected = lastSequence;
        for (BackupLink link : links) {
            everyBackup = Math.min(everyBackup, link.durable());
            if (link.connected()) {
                connected = Math.min(connected, link.durable());
            }
        }
        if (connected > everyBackup && log.info().sizeBytes > config.logCapBytes()) {
            if (!overCap) {
                overCap = true;
                config.listener().failed("pump", "the pump's log is over its cap of " + config.logCapBytes()
                        + " bytes: operations only absent backups lack are dropped; they resync when they return");
            }
            return connected;
        }
        overCap = false;
        return everyBackup;
    }

    private void shrinkWindow(long durable) {
        NavigableMap<Long, Entry> gone = window.headMap(durable, true);
        if (gone.isEmpty()) {
            return;
        }
        for (Entry entry : gone.values()) {
            windowBytes -= entry.payload.length;
        }
        gone.clear();
        room.signalAll();
    }

    /** Only whole segments go, so trying often is cheap; done outside the lock. */
    private void truncateLog(long upTo) {
        synchronized (log) {
            if (upTo <= truncatedTo || upTo > log.lastSequence()) {
                return;
            }
            try {
                log.truncate(upTo);
                truncatedTo = upTo;
            } catch (JournalException e) {
                config.listener().failed("pump", "truncating the pump's log: " + e.getMessage());
            }
        }
    }

    // ---- status ----

    /** The oldest operation still in the log: a backup holding less than the one before it needs a resync. */
    long firstAvailable() {
        return log.firstSequence();
    }

    List<BackupLink> links() {
        return links;
    }

    /** Every backup resyncs at its next connection ({@code replication:resync}). */
    public void resync() {
        links.forEach(link -> link.requestResync("a resync was asked for (replication:resync)"));
    }

    /** Last sequence submitted. */
    public long sequence() {
        return lastSequence();
    }

    /** Backups connected now. */
    public int connectedBackups() {
        return (int) links.stream().filter(BackupLink::connected).count();
    }

    public List<PeerStatusDTO> peers() {
        List<PeerStatusDTO> peers = new ArrayList<>();
        lock.lock();
        try {
            for (BackupLink link : links) {
                PeerStatusDTO dto = link.status(lastSequence);
                Map.Entry<Long, Entry> oldest = window.ceilingEntry(link.durable() + 1);
                dto.lagMillis = oldest == null ? 0 : System.currentTimeMillis() - oldest.getValue().submittedMillis;
                dto.lagBytes = window.tailMap(link.durable(), false).values().stream()
                        .mapToLong(e -> e.payload.length).sum();
                peers.add(dto);
            }
        } finally {
            lock.unlock();
        }
        return peers;
    }

    /** Stops the links, fails what is still unacknowledged, and closes the log. */
    @Override
    public void close() throws IOException {
        List<CompletableFuture<Long>> abandoned;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            abandoned = new ArrayList<>(waiting.values());
            waiting.clear();
            room.signalAll();
            submitted.signalAll();
        } finally {
            lock.unlock();
        }
        graceTicker.shutdownNow();
        links.forEach(BackupLink::close);
        abandoned.forEach(f -> f.completeExceptionally(new ReplicationException(config.set(),
                "set " + config.set() + ": the pump closed before the operation was acknowledged; it is in the "
                        + "primary's log and is shipped when the pump starts again")));
        try {
            log.close();
        } catch (JournalException e) {
            throw new IOException("set " + config.set() + ": closing the pump's log: " + e.getMessage(), e);
        }
        Files.createFile(config.stateDirectory().resolve(CLEAN_STOP));
        DurableFiles.syncFolder(config.stateDirectory());
    }

    boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }
}
