package org.swiftft.replication.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.LongSupplier;
import org.swiftft.replication.ConsistencyLevel;

/**
 * Copy mode — replication for applications that cannot use libft (the original REPL's copy mode):
 * watches the primary's directory and, once a file has been quiet for {@link CopyModeConfig#quiet()},
 * ships what changed in it to the backups through the set's {@link OperationSink} (the
 * {@link ReplicationPump}, the same transport as replay mode). Only changed 64 KiB blocks travel;
 * each backup builds the new version beside the old file and renames it into place, so it never
 * shows a half-installed file. Deleted files and directories are deleted, new directories made.
 *
 * <p>What is replicated: regular files and directories, content, permission bits and a file's
 * mtime (to the millisecond). Not replicated: symlinks, fifos, sockets and devices (each reported
 * once through {@link ReplicationListener#failed}), owners, a directory's times, hard links (each
 * name becomes a file of its own), and files named {@code .NAME.swift-copy}, which copy mode uses
 * for its own temporary files. A file written through a memory mapping is seen only when its
 * times change. A file that never stays unchanged for the quiet interval is never shipped.
 *
 * <p>Durability: the signatures of what was shipped are persisted in the state directory once the
 * operations are acknowledged, so a restarted source sends only what changed while it was down;
 * see {@link ShippedTree} for when they are trusted and when a file is shipped whole instead.
 * Whatever the sink acknowledged is as durable as the set's level makes it.
 *
 * <p>Threads: one watcher thread and one shipper thread. Failures (unreadable file, I/O error,
 * closed sink) are reported through the listener and the path is tried again after the next quiet
 * interval; neither thread stops for them. {@link #close()} stops both promptly; close the source
 * before the sink, so that everything it submitted reaches the sink's log.
 */
public final class CopyModeSource implements AutoCloseable {

    private final CopyModeConfig config;
    private final QuietFiles quiet;
    private final CopyModeShipper shipper;
    private final DirectoryWatcher watcher;
    private final Thread shipperThread;
    private boolean closed;

    /**
     * Loads the persisted signatures and starts watching and shipping; the first full walk of the
     * directory happens on the watcher thread.
     *
     * @throws IOException if the directory cannot be watched or the state directory not created
     */
    public CopyModeSource(CopyModeConfig config, OperationSink sink) throws IOException {
        this(config, sink, System::nanoTime);
    }

    /** @param clock nanoseconds for the quiet interval, as {@link System#nanoTime()} */
    CopyModeSource(CopyModeConfig config, OperationSink sink, LongSupplier clock) throws IOException {
        this.config = config;
        Path root = config.directory().toRealPath();
        Files.createDirectories(config.stateDirectory());
        ShippedTree tree = ShippedTree.load(config.stateDirectory(), config.level() != ConsistencyLevel.ASYNC,
                config.listener());
        this.quiet = new QuietFiles(config.quiet(), clock);
        this.shipper = new CopyModeShipper(config, root, sink, tree, quiet);
        this.watcher = new DirectoryWatcher(root, config.set(), new DirectoryWatcher.Changes() {
            @Override
            public void changed(Path path) {
                quiet.changed(relative(root, path), stampOrNull(path));
            }

            @Override
            public void rescanning() {
                quiet.requestRecheck();
            }
        }, config.listener());
        this.shipperThread = new Thread(shipper::run, "replication-" + config.set() + "-copy-shipper");
        shipperThread.setDaemon(true);
        watcher.start();
        shipperThread.start();
    }

    private static String relative(Path root, Path path) {
        return root.relativize(path).toString().replace(path.getFileSystem().getSeparator(), "/");
    }

    private static FileStamp stampOrNull(Path path) {
        try {
            return FileStamp.of(path);
        } catch (IOException e) {
            return null; // checked again, and reported, just before shipping
        }
    }

    /** Holds shipping while a resync reads the directory; see {@link CopyModeShipper#pause}. */
    public PumpConfig.Hold pause() throws InterruptedException {
        return shipper.pause();
    }

    /** Waits until no path is waiting for quiet or being shipped; false on timeout. For tests and status. */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        return quiet.awaitIdle(timeout);
    }

    /** Paths waiting for their quiet interval. */
    public int pendingPaths() {
        return quiet.pendingCount();
    }

    /** Bytes of file content submitted since start. */
    public long dataBytesShipped() {
        return shipper.dataBytes();
    }

    /** Files installed on the backups since start. */
    public long filesInstalled() {
        return shipper.installs();
    }

    /** Walks the whole directory again, as after lost events. */
    void rescan() {
        quiet.requestRecheck();
        watcher.requestRescan();
    }

    long rescans() {
        return watcher.rescans();
    }

    /**
     * Stops watching and shipping. A round cut short leaves its files unknown in the persisted state
     * (shipped whole next time); otherwise the state is saved as cleanly closed.
     *
     * @throws IOException if the last save failed; the next start ships the changed files whole
     */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        watcher.close();
        shipperThread.interrupt();
        try {
            shipperThread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!shipperThread.isAlive()) {
            try {
                shipper.saveClean();
            } catch (IOException e) {
                throw new IOException("set " + config.set() + ": saving " + config.stateDirectory()
                        .resolve(ShippedTree.FILE_NAME) + " at close: " + e.getMessage()
                        + "; the next start ships changed files whole", e);
            }
        }
    }
}
