package org.swiftft.replication.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.swiftft.libft.replication.wire.Operation;
import org.swiftft.replication.internal.FileStamp.Kind;
import org.swiftft.replication.internal.QuietFiles.Due;
import org.swiftft.replication.internal.ShippedTree.Shipped;

/**
 * The copy-mode source's shipper thread: takes the paths that have been quiet, checks each once more,
 * and brings the backups' copy of each path to what the primary's directory holds now, as operations
 * submitted to the set's sink. Works in rounds: mark the files about to change as unknown in the
 * persisted state, submit, wait until everything is acknowledged, persist the new signatures (see
 * {@link ShippedTree} for why in this order).
 *
 * <p>Per path: a file is installed with its changed blocks ({@link FileShipper}); a missing path is
 * deleted, a directory after everything shipped below it; a new directory is made with its
 * permissions; a path that changed kind is removed first; the directories above a path are made
 * before it, so the backup never meets a file where it needs a directory. Symlinks, fifos, sockets
 * and devices are not replicated: each is reported once and treated as missing.
 *
 * <p>A failure (unreadable file, I/O error, closed sink) is reported through the listener and the
 * path is tried again after the next quiet interval; the thread goes on.
 */
final class CopyModeShipper {

    /** Held for a round, and by a resync (see {@link #pause}). */
    private final java.util.concurrent.locks.ReentrantLock submitting = new java.util.concurrent.locks.ReentrantLock();
    private final CopyModeConfig config;
    private final Path root;
    private final OperationSink sink;
    private final ShippedTree tree;
    private final QuietFiles quiet;
    private final List<CompletionStage<Long>> stages = new ArrayList<>();
    private final FileShipper files;
    private final Set<String> warned = new HashSet<>();
    private final AtomicLong dataBytes = new AtomicLong();
    private final AtomicLong installs = new AtomicLong();
    /** Whether the persisted state matches memory: no round was abandoned after submitting. */
    private volatile boolean saved = true;

    CopyModeShipper(CopyModeConfig config, Path root, OperationSink sink, ShippedTree tree, QuietFiles quiet) {
        this.config = config;
        this.root = root;
        this.sink = sink;
        this.tree = tree;
        this.quiet = quiet;
        this.files = new FileShipper(sink, stages::add);
    }

    /**
     * Holds shipping for a resync, which reads the directory and installs it on a backup by block
     * hashes: afterwards the backup's files are the ones the resync read, not the versions the
     * signatures describe, so every file is shipped whole next time it changes.
     */
    PumpConfig.Hold pause() throws InterruptedException {
        submitting.lockInterruptibly();
        return () -> {
            try {
                for (String path : tree.paths()) {
                    Shipped shipped = tree.get(path);
                    if (shipped != null && shipped.kind() == Kind.FILE) {
                        tree.put(path, Shipped.unknownFile());
                    }
                }
            } finally {
                submitting.unlock();
            }
        };
    }

    /** The thread's body: rounds until interrupted. */
    void run() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                List<Due> due = quiet.awaitDue();
                if (quiet.takeRecheck()) {
                    recheckShipped();
                }
                if (!due.isEmpty()) {
                    try {
                        round(due);
                    } finally {
                        quiet.done();
                    }
                }
            }
        } catch (InterruptedException e) {
            // closing: what was submitted but not acknowledged stays unknown in the persisted state
        }
    }

    /** Events may have been lost: every shipped path is checked again after the quiet interval. */
    private void recheckShipped() {
        try {
            for (String path : tree.paths()) {
                quiet.changed(path, stampOrNull(path));
            }
        } finally {
            quiet.done();
        }
    }

    private FileStamp stampOrNull(String path) {
        try {
            return FileStamp.of(root.resolve(path));
        } catch (IOException e) {
            return null; // checked again, and reported, before anything is shipped
        }
    }

    /** The whole round holds {@link #submitting}: the signatures it reads and saves are the resync's to reset. */
    private void round(List<Due> due) throws InterruptedException {
        submitting.lockInterruptibly();
        try {
            roundHeld(due);
        } finally {
            submitting.unlock();
        }
    }

    private void roundHeld(List<Due> due) throws InterruptedException {
        List<Due> ready = new ArrayList<>();
        Set<String> inFlight = new HashSet<>();
        for (Due d : due) {
            FileStamp now;
            try {
                now = FileStamp.of(root.resolve(d.path()));
            } catch (IOException e) {
                retry(d.path(), d.stamp(), "cannot read the attributes of " + d.path() + ": " + e);
                continue;
            }
            if (!FileStamp.unchanged(now, d.stamp())) {
                quiet.changed(d.path(), now); // changed after its last event: wait for quiet again
                continue;
            }
            ready.add(d);
            Shipped shipped = tree.get(d.path());
            if (now != null && now.kind() == Kind.FILE
                    && (shipped == null || !shipped.known() || !now.equals(shipped.stamp()))) {
                inFlight.add(d.path());
            }
        }
        if (!inFlight.isEmpty() && !save(inFlight, ready)) {
            return;
        }
        stages.clear();
        saved = false; // until acknowledged and saved: a close meanwhile must not save memory as clean
        for (Due d : ready) {
            ship(d);
        }
        if (stages.isEmpty()) {
            saved = true; // nothing submitted: memory is the persisted state, or safer (unknown) than it
            return;
        }
        try {
            CompletableFuture.allOf(stages.stream().map(CompletionStage::toCompletableFuture)
                    .toArray(CompletableFuture[]::new)).get();
        } catch (ExecutionException e) {
            config.listener().failed("copy-mode", "operations shipped for " + ready.size() + " path(s) were not "
                    + "acknowledged: " + e.getCause().getMessage() + "; they stay in the primary's log, and the "
                    + "files are shipped whole if the source restarts before that");
            return;
        }
        saved = save(Set.of(), List.of());
    }

    /** Saves the tree with {@code inFlight} unknown; on failure puts {@code retry} back and says so. */
    private boolean save(Set<String> inFlight, List<Due> retry) {
        try {
            tree.save(inFlight, false);
            return true;
        } catch (IOException e) {
            config.listener().failed("copy-mode", "cannot save " + config.stateDirectory().resolve(ShippedTree.FILE_NAME)
                    + ": " + e + "; nothing is shipped until it can be: check that disk");
            retry.forEach(d -> quiet.changed(d.path(), d.stamp()));
            return false;
        }
    }

    private void ship(Due d) throws InterruptedException {
        String path = d.path();
        try {
            reconcile(path, d.stamp());
        } catch (IOException | IllegalStateException | IllegalArgumentException e) {
            Shipped shipped = tree.get(path);
            if (shipped != null && shipped.kind() == Kind.FILE || d.stamp() != null && d.stamp().kind() == Kind.FILE) {
                tree.put(path, Shipped.unknownFile()); // some of its operations may be submitted
            }
            retry(path, d.stamp(), "shipping " + path + " failed: " + e);
        }
    }

    private void retry(String path, FileStamp stamp, String message) {
        if (!Thread.currentThread().isInterrupted()) {
            config.listener().failed("copy-mode", "set " + config.set() + ": " + message
                    + "; tried again after the next quiet interval");
        }
        quiet.changed(path, stamp);
    }

    private void reconcile(String path, FileStamp now) throws IOException, InterruptedException {
        Shipped shipped = tree.get(path);
        if (now != null && now.kind() == Kind.OTHER && warned.add(path)) {
            config.listener().failed("copy-mode", "set " + config.set() + ": " + path + " is a symlink, fifo, socket or"
                    + " device; copy mode replicates only regular files and directories, so it is left out");
        }
        if (now == null || now.kind() == Kind.OTHER) {
            if (shipped != null) {
                removeShipped(path);
            }
            return;
        }
        ensureDirectoriesAbove(path);
        if (shipped != null && shipped.kind() != now.kind()) {
            removeShipped(path);
            shipped = null;
        }
        if (now.kind() == Kind.DIRECTORY) {
            if (shipped == null) {
                submit(new Operation.Mkdir(path));
            }
            if (shipped == null || !shipped.known() || shipped.stamp().permissions() != now.permissions()) {
                submit(new Operation.SetAttributes(path, now.permissions(), Operation.SetAttributes.UNCHANGED_TIME));
            }
            tree.put(path, new Shipped(Kind.DIRECTORY, now, null));
        } else if (shipped == null || !shipped.known() || !now.equals(shipped.stamp())) {
            shipFile(path, now, shipped == null ? null : shipped.blocks());
        }
    }

    private void shipFile(String path, FileStamp now, BlockSignatures old) throws IOException, InterruptedException {
        FileShipper.Outcome outcome = files.ship(path, root.resolve(path), now, old);
        if (outcome instanceof FileShipper.Installed installed) {
            tree.put(path, new Shipped(Kind.FILE, installed.stamp(), installed.blocks()));
            dataBytes.addAndGet(installed.dataBytes());
            installs.incrementAndGet();
        } else if (outcome instanceof FileShipper.AttributesOnly attributes) {
            tree.put(path, new Shipped(Kind.FILE, attributes.stamp(), old));
        } else if (outcome instanceof FileShipper.Unstable unstable) {
            quiet.changed(path, unstable.now()); // the backup's copy is untouched: its entry stays
        }
    }

    /** Makes every directory above {@code path} that the backups do not hold as a directory. */
    private void ensureDirectoriesAbove(String path) throws IOException, InterruptedException {
        for (int slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', slash + 1)) {
            String directory = path.substring(0, slash);
            Shipped shipped = tree.get(directory);
            if (shipped != null && shipped.kind() == Kind.DIRECTORY) {
                continue;
            }
            if (shipped != null) {
                removeShipped(directory);
            }
            FileStamp stamp = FileStamp.of(root.resolve(directory));
            submit(new Operation.Mkdir(directory));
            boolean isDirectory = stamp != null && stamp.kind() == Kind.DIRECTORY;
            if (isDirectory) {
                submit(new Operation.SetAttributes(directory, stamp.permissions(),
                        Operation.SetAttributes.UNCHANGED_TIME));
            }
            // Unknown if it is no longer a directory: its own quiet path deals with it.
            tree.put(directory, new Shipped(Kind.DIRECTORY, isDirectory ? stamp : null, null));
        }
    }

    /** Removes {@code path} and everything shipped below it from the backups, deepest first. */
    private void removeShipped(String path) throws InterruptedException {
        for (String below : tree.below(path)) {
            removeOne(below);
        }
        removeOne(path);
    }

    private void removeOne(String path) throws InterruptedException {
        Shipped shipped = tree.get(path);
        if (shipped.kind() == Kind.DIRECTORY) {
            submit(new Operation.Rmdir(path));
        } else {
            submit(new Operation.Delete(path));
            // A temporary copy left by an install cut short would keep the directory from being removed.
            submit(new Operation.Delete(FileShipper.tempName(path)));
        }
        tree.remove(path);
    }

    private void submit(Operation operation) throws InterruptedException {
        stages.add(sink.submit(operation));
    }

    /** Bytes of file content submitted so far. */
    long dataBytes() {
        return dataBytes.get();
    }

    /** Files installed so far. */
    long installs() {
        return installs.get();
    }

    /** Whether the persisted state matches what was shipped (no round was cut short). */
    boolean saved() {
        return saved;
    }

    /** The last save, at a clean close; only when no round was cut short. */
    void saveClean() throws IOException {
        if (saved) {
            tree.save(Set.of(), true);
        }
    }
}
