package org.swiftft.libft.checkpoint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import org.swiftft.checkpoint.CheckpointDTO;
import org.swiftft.checkpoint.CheckpointException;
import org.swiftft.checkpoint.CheckpointException.Reason;
import org.swiftft.checkpoint.CheckpointOptions;
import org.swiftft.checkpoint.CheckpointRequestHandler;
import org.swiftft.checkpoint.CheckpointStore;
import org.swiftft.checkpoint.CriticalRegion;
import org.swiftft.checkpoint.RecoveredCheckpoint;
import org.swiftft.checkpoint.StateProvider;
import org.swiftft.checkpoint.StateUpdate;

/**
 * A {@link CheckpointStore} on a directory of its own, which it locks against a second store: the
 * registry of regions and providers, the locks that make a checkpoint consistent, and the threads
 * for periodic checkpoints and compaction. Taking, recovering and compacting are delegated.
 */
final class FileCheckpointStore implements CheckpointStore {

    private static final System.Logger LOG = System.getLogger(FileCheckpointStore.class.getName());
    static final String LOCK_FILE = "store.lock";

    /** What a store used by a {@link org.swiftft.checkpoint.RecoverableState} does around a checkpoint. */
    interface JournalBinding {
        /** The journal position the next checkpoint covers, made durable first. */
        long position() throws CheckpointException;

        /** Runs after a checkpoint is durable: truncates the journal. */
        void checkpointed(CheckpointDTO checkpoint);
    }

    private final Path directory;
    private final String name;
    private final CheckpointOptions options;
    private final FileChannel lockChannel;
    /** Shared by updates, exclusive for a checkpoint the store takes itself. */
    private final ReentrantReadWriteLock updates = new ReentrantReadWriteLock();
    /** Serialises checkpoints, recovery and the swap of a compacted file. */
    private final ReentrantLock checkpointLock = new ReentrantLock();
    private final Map<String, OffHeapRegion> regions = new TreeMap<>();
    private final Map<String, ProviderSlot> providers = new TreeMap<>();
    private final CheckpointTaker taker;
    private final ChainCompactor compactor;
    private final ExecutorService compactions;
    private final ScheduledExecutorService scheduler;
    private volatile Future<?> lastBackground = CompletableFuture.completedFuture(null);
    private volatile CheckpointRequestHandler handler;
    /** Whoever waits for the next checkpoint (a {@code checkpoint:take} request). */
    final CheckpointWaiters waiters = new CheckpointWaiters();
    private volatile CheckpointEvents events = CheckpointEvents.NONE;
    private volatile JournalBinding binding;
    private volatile boolean closed;
    /**
     * Whether the state in memory may be checkpointed: the directory held no checkpoint when the store
     * opened, or {@link #recover()} has run. Before that, memory is blank, and a checkpoint of it would
     * hide the state the files hold and let retention delete it.
     */
    private volatile boolean recoveredOrFresh;

    private FileCheckpointStore(Path directory, String name, CheckpointOptions options, CheckpointFileSystem fs,
            FileChannel lockChannel, long nextSequence) {
        this.directory = directory;
        this.name = name;
        this.options = options;
        this.lockChannel = lockChannel;
        // compactions, and the unlinks retention leaves behind, run on one background thread
        this.compactions = Executors.newSingleThreadExecutor(daemon("checkpoint-compaction-" + name));
        this.taker = new CheckpointTaker(directory, name, options, fs, nextSequence, this::background);
        this.compactor = new ChainCompactor(directory, name, fs, checkpointLock, sequence -> {
            taker.compacted(sequence);
            tell(listener -> listener.compacted(name, sequence));
        });
        this.scheduler = options.intervalMillis() > 0
                ? Executors.newSingleThreadScheduledExecutor(daemon("checkpoint-periodic-" + name)) : null;
        if (scheduler != null) {
            scheduler.scheduleWithFixedDelay(() -> request("periodic"), options.intervalMillis(),
                    options.intervalMillis(), TimeUnit.MILLISECONDS);
        }
    }

    static FileCheckpointStore open(Path directory, String name, CheckpointOptions options, CheckpointFileSystem fs)
            throws CheckpointException {
        Objects.requireNonNull(options, "options");
        CheckpointFormat.utf8(name, "a store name");
        FileChannel lock = lock(directory);
        try {
            removeTemporaryFiles(directory, fs);
            List<Long> present = List.copyOf(CheckpointFiles.sequences(directory));
            long next = present.isEmpty() ? 1 : present.get(present.size() - 1) + 1;
            FileCheckpointStore store = new FileCheckpointStore(directory, name, options, fs, lock, next);
            store.recoveredOrFresh = present.isEmpty();
            return store;
        } catch (CheckpointException | RuntimeException e) {
            closeQuietly(lock);
            throw e;
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public CriticalRegion allocate(String name, int sizeBytes) {
        CheckpointFormat.utf8(name, "a region name");
        if (sizeBytes <= 0) {
            throw new IllegalArgumentException("region '" + name + "' must have a positive size, not " + sizeBytes);
        }
        synchronized (regions) {
            checkOpen();
            OffHeapRegion region = regions.get(name);
            if (region != null && region.size() == sizeBytes) {
                return region;
            }
            if (region != null || providers.containsKey(name)) {
                throw new IllegalArgumentException("'" + name + "' is already " + (region != null
                        ? "a region of " + region.size() + " bytes" : "a state provider") + " in store '" + this.name + "'");
            }
            region = new OffHeapRegion(name, sizeBytes, options.blockBytes());
            regions.put(name, region);
            return region;
        }
    }

    @Override
    public void register(String name, StateProvider provider) {
        CheckpointFormat.utf8(name, "a provider name");
        Objects.requireNonNull(provider, "provider");
        synchronized (regions) {
            checkOpen();
            if (regions.containsKey(name) || providers.containsKey(name)) {
                throw new IllegalArgumentException("'" + name + "' is already registered in store '" + this.name + "'");
            }
            providers.put(name, new ProviderSlot(name, provider, options.blockBytes()));
        }
    }

    @Override
    public void unregister(String name) {
        synchronized (regions) {
            OffHeapRegion region = regions.remove(name);
            if (region != null) {
                region.release();
            }
            providers.remove(name);
        }
    }

    @Override
    public StateUpdate updating() {
        ReentrantReadWriteLock.ReadLock lock = updates.readLock();
        lock.lock();
        return new StateUpdate() {
            private boolean closed;

            @Override
            public void close() {
                if (!closed) {
                    closed = true;
                    lock.unlock();
                }
            }
        };
    }

    @Override
    public void onRequest(CheckpointRequestHandler handler) {
        this.handler = handler;
    }

    /** When bound to a journal, covers it; see {@link JournalBinding}. */
    @Override
    public CheckpointDTO checkpoint() throws CheckpointException {
        JournalBinding bound = binding;
        if (bound == null) {
            return checkpoint(-1);
        }
        checkpointLock.lock(); // so the position and the checkpoint are of the same moment
        try {
            CheckpointDTO dto = checkpoint(bound.position());
            bound.checkpointed(dto);
            return dto;
        } finally {
            checkpointLock.unlock();
        }
    }

    @Override
    public CheckpointDTO checkpoint(long journalPosition) throws CheckpointException {
        if (journalPosition < -1) {
            throw new IllegalArgumentException("journal position " + journalPosition + " is below -1 (none)");
        }
        checkpointLock.lock();
        try {
            if (closed) {
                throw new CheckpointException(Reason.CLOSED, "checkpoint store '" + name + "' is closed");
            }
            if (!recoveredOrFresh) {
                throw new IllegalStateException("checkpoint store '" + name + "' holds checkpoints in " + directory
                        + ": call recover() before taking a new one, or the state they hold would be overwritten by blank memory");
            }
            List<OffHeapRegion> regionList;
            List<ProviderSlot> providerList;
            synchronized (regions) {
                regionList = List.copyOf(regions.values());
                providerList = List.copyOf(providers.values());
            }
            CheckpointTaker.Taken taken;
            try {
                taken = taker.take(regionList, providerList, journalPosition);
            } catch (CheckpointException e) {
                waiters.failed(e);
                tell(listener -> listener.failed(name, e));
                throw e;
            }
            waiters.taken(taken.checkpoint());
            tell(listener -> listener.taken(name, taken.checkpoint()));
            if (taken.compact()) {
                long sequence = taken.checkpoint().sequence;
                try {
                    background(() -> compactor.compact(sequence));
                } catch (RejectedExecutionException e) {
                    // Closing: the chain stays as it is, and restores the same state.
                }
            }
            return taken.checkpoint();
        } finally {
            checkpointLock.unlock();
        }
    }

    @Override
    public Optional<RecoveredCheckpoint> recover() throws CheckpointException {
        CheckpointRecovery.Outcome outcome = recoverOutcome();
        if (outcome.recovered().isEmpty() && !outcome.skipped().isEmpty()) {
            // Empty would read as a first start: state that existed would be silently lost.
            throw new CheckpointException(Reason.CORRUPT, "no good checkpoint in " + directory + ": every one is damaged: "
                    + String.join("; ", outcome.skipped()) + ". Restore the directory from a backup, or remove the"
                    + " damaged files to start afresh", directory.toString(), -1, null);
        }
        outcome.recovered().ifPresent(recovered -> tell(listener -> listener.recovered(name, recovered)));
        return outcome.recovered();
    }

    void events(CheckpointEvents listener) {
        this.events = java.util.Objects.requireNonNull(listener, "events");
    }

    private void tell(java.util.function.Consumer<CheckpointEvents> news) {
        try {
            news.accept(events);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "checkpoint store ''{0}'': an events listener threw {1}", name, e.toString());
        }
    }

    /** As {@link #recover()}, but reports "none good" with what was skipped instead of throwing. */
    CheckpointRecovery.Outcome recoverOutcome() throws CheckpointException {
        checkpointLock.lock();
        try {
            if (closed) {
                throw new CheckpointException(Reason.CLOSED, "checkpoint store '" + name + "' is closed");
            }
            Map<String, OffHeapRegion> regionMap;
            Map<String, ProviderSlot> providerMap;
            synchronized (regions) {
                regionMap = Map.copyOf(regions);
                providerMap = Map.copyOf(providers);
            }
            CheckpointRecovery.Outcome outcome = CheckpointRecovery.recover(directory, name, regionMap, providerMap);
            taker.recovered(outcome.newestOnDisk());
            if (outcome.recovered().isPresent() || outcome.skipped().isEmpty()) {
                recoveredOrFresh = true; // restored, or there was nothing to restore: memory may be checkpointed
            }
            outcome.skipped().forEach(s -> LOG.log(Level.WARNING, "checkpoint store ''{0}'': passed over a damaged"
                    + " checkpoint: {1}", name, s));
            return outcome;
        } finally {
            checkpointLock.unlock();
        }
    }

    @Override
    public List<CheckpointDTO> checkpoints() {
        try {
            return CheckpointFiles.list(directory);
        } catch (CheckpointException e) {
            throw new UncheckedIOException(new IOException(e.getMessage(), e));
        }
    }

    @Override
    public List<CheckpointDTO> verify() throws CheckpointException {
        return CheckpointFiles.verify(directory);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        compactions.shutdownNow(); // an interrupted compaction abandons its temporary file
        checkpointLock.lock();
        try {
            closed = true;
            synchronized (regions) {
                regions.values().forEach(OffHeapRegion::release);
                regions.clear();
                providers.clear();
            }
        } finally {
            checkpointLock.unlock();
        }
        try {
            compactions.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeQuietly(lockChannel);
    }

    /**
     * A checkpoint is due: asks the handler, or takes it under the exclusive side of {@link #updating()}.
     * Errors are logged: there is no caller to throw to.
     */
    void request(String reason) {
        if (!recoveredOrFresh) {
            LOG.log(Level.INFO, "checkpoint store ''{0}'': {1} checkpoint skipped: recover() has not run yet", name, reason);
            waiters.failed(new CheckpointException(Reason.IO, "checkpoint store '" + name
                    + "' has not recovered its state yet: no checkpoint before recover()"));
            return;
        }
        CheckpointRequestHandler h = handler;
        if (h != null) {
            try {
                h.checkpointDue(reason);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "checkpoint store ''{0}'': the request handler threw: {1}", name, e.toString());
            }
            return;
        }
        updates.writeLock().lock();
        try {
            checkpoint();
        } catch (CheckpointException e) {
            LOG.log(Level.WARNING, "checkpoint store ''{0}'': {1} checkpoint failed: {2}", name, reason, e.getMessage());
        } finally {
            updates.writeLock().unlock();
        }
    }

    void bind(JournalBinding binding) {
        this.binding = binding;
    }

    /** What retention keeps now; called under the checkpoint lock by a bound journal. */
    Retention retention() throws CheckpointException {
        return taker.retention();
    }

    /** Waits until the last compaction submitted has ended: for tests. */
    void awaitCompaction() throws Exception {
        lastBackground.get(30, TimeUnit.SECONDS); // the thread runs tasks in order: everything before it is done too
    }

    /** Compactions and retention's unlinks, in order, on the store's background thread. */
    private Future<?> background(Runnable task) {
        Future<?> submitted = compactions.submit(task);
        lastBackground = submitted;
        return submitted;
    }

    /** Whether a thread waits for the exclusive side of {@link #updating()}: for tests. */
    boolean checkpointWaitingForUpdates() {
        return updates.hasQueuedThreads();
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("checkpoint store '" + name + "' is closed");
        }
    }

    private static FileChannel lock(Path directory) throws CheckpointException {
        FileChannel channel = null;
        try {
            Files.createDirectories(directory);
            channel = FileChannel.open(directory.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw new OverlappingFileLockException();
            }
            return channel;
        } catch (OverlappingFileLockException e) {
            closeQuietly(channel);
            throw new CheckpointException(Reason.IO, "checkpoint directory " + directory + " is in use by another"
                    + " store (its " + LOCK_FILE + " is locked, by this process or another): one store per directory;"
                    + " close the other first", directory.toString(), -1, null);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new CheckpointException(Reason.IO, "cannot open checkpoint directory " + directory + ": " + e
                    + "; check that it can be created and written", directory.toString(), -1, e);
        }
    }

    /** Temporary files are left only by a writer that died: this store now owns the directory. */
    private static void removeTemporaryFiles(Path directory, CheckpointFileSystem fs) throws CheckpointException {
        try (DirectoryStream<Path> temps = Files.newDirectoryStream(directory, "*" + CheckpointFormat.TEMP_SUFFIX)) {
            for (Path temp : temps) {
                fs.delete(temp);
            }
        } catch (IOException e) {
            throw new CheckpointException(Reason.IO, "cannot clean checkpoint directory " + directory + ": " + e,
                    directory.toString(), -1, e);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException e) {
            // Releasing the lock: nothing to report beyond what is being reported.
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String threadName) {
        return r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        };
    }
}
