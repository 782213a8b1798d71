package org.swiftft.replication.internal;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;
import static java.nio.file.StandardWatchEventKinds.OVERFLOW;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Watches a directory tree with the platform's WatchService (inotify on Linux) and reports every
 * path that may have changed. Watching is recursive: a new directory is registered when it appears
 * and then walked, since entries made in it before registration raise no event. At start, and when
 * the service reports OVERFLOW (events were lost), the whole tree is walked again and the owner is
 * told to recheck what it knows, because a deletion leaves nothing to walk.
 *
 * <p>Names that copy mode uses for its temporary files ({@link FileShipper#isTempName}) are
 * ignored. Symlinks are reported, never followed. One thread; {@link #close()} ends it promptly.
 */
final class DirectoryWatcher implements AutoCloseable {

    /** Who hears about changes; called on the watcher thread. */
    interface Changes {
        /** {@code path} (absolute, under the root) was created, changed or deleted. */
        void changed(Path path);

        /** A full walk starts: events may have been lost, recheck every path known. */
        void rescanning();
    }

    private final Path root;
    private final Changes changes;
    private final ReplicationListener listener;
    private final WatchService service;
    private final Thread thread;
    /** Kept apart from WatchKey.watchable(): inotify hands back the old key, with its old path, for a moved directory. */
    private final Map<WatchKey, Path> keyDirectories = new HashMap<>();
    private final Map<Path, WatchKey> directoryKeys = new HashMap<>();
    /**
     * Keys cancelled because their directory went, with its path: their queued events (the deletions
     * inside it, which inotify reports before the directory's own) are still to be reported.
     */
    private final Map<WatchKey, Path> retired = new HashMap<>();
    private volatile boolean closed;
    private volatile long rescans;
    private volatile boolean rescanRequested;

    DirectoryWatcher(Path root, String set, Changes changes, ReplicationListener listener) throws IOException {
        this.root = root;
        this.changes = changes;
        this.listener = listener;
        this.service = root.getFileSystem().newWatchService();
        this.thread = new Thread(this::run, "replication-" + set + "-watcher");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Full walks so far, the first at start included. */
    long rescans() {
        return rescans;
    }

    private void run() {
        try {
            rescan();
            while (!closed) {
                // Polled rather than taken, so that a requested rescan runs here, where the keys are kept.
                WatchKey key = service.poll(100, TimeUnit.MILLISECONDS);
                if (rescanRequested) {
                    rescanRequested = false;
                    rescan();
                }
                if (key != null) {
                    handle(key);
                }
            }
        } catch (ClosedWatchServiceException | InterruptedException e) {
            // closing
        } catch (RuntimeException e) {
            if (!closed) {
                listener.failed("copy-mode watcher", "watching " + root + " stopped: " + e
                        + "; nothing more is replicated: restart the set");
            }
        }
    }

    private void handle(WatchKey key) {
        Path directory = keyDirectories.containsKey(key) ? keyDirectories.get(key) : retired.remove(key);
        boolean overflow = false;
        for (WatchEvent<?> event : key.pollEvents()) {
            if (event.kind() == OVERFLOW) {
                overflow = true;
                continue;
            }
            if (directory == null) {
                continue; // a key cancelled meanwhile
            }
            Path child = directory.resolve((Path) event.context());
            if (FileShipper.isTempName(child.getFileName().toString())) {
                continue;
            }
            if (event.kind() == ENTRY_DELETE) {
                forget(child);
            } else if (event.kind() == ENTRY_CREATE && Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
                walk(child);
            }
            changes.changed(child);
        }
        if (!key.reset() && directory != null && key.equals(directoryKeys.get(directory))) {
            directoryKeys.remove(directory);
            keyDirectories.remove(key);
        }
        if (overflow) {
            rescan();
        }
    }

    /** Asks the watcher thread for a full walk, as after lost events. */
    void requestRescan() {
        rescanRequested = true;
    }

    /** Walks the whole tree again: at start and after lost events. */
    private void rescan() {
        retired.clear(); // a key cancelled with nothing queued is never handed out again; the walk covers it
        changes.rescanning();
        walk(root);
        rescans++; // counted once done: what the walk found is pending by then
    }

    private void walk(Path start) {
        try {
            Files.walkFileTree(start, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                    register(dir);
                    if (!dir.equals(root)) {
                        changes.changed(dir);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    if (!FileShipper.isTempName(file.getFileName().toString())) {
                        changes.changed(file);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    if (!(e instanceof NoSuchFileException)) {
                        listener.failed("copy-mode watcher", "cannot read " + file + ": " + e
                                + "; it is not replicated until it can be read: check its permissions");
                    }
                    changes.changed(file);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            listener.failed("copy-mode watcher", "walking " + start + ": " + e + "; retried at the next rescan");
        }
    }

    private void register(Path directory) {
        try {
            WatchKey key = directory.register(service, ENTRY_CREATE, ENTRY_DELETE, ENTRY_MODIFY);
            Path previous = keyDirectories.put(key, directory);
            if (previous != null && !previous.equals(directory)) {
                directoryKeys.remove(previous);
            }
            directoryKeys.put(directory, key);
        } catch (NoSuchFileException e) {
            changes.changed(directory); // gone already: the owner sees it missing
        } catch (IOException e) {
            listener.failed("copy-mode watcher", "cannot watch " + directory + ": " + e + "; changes in it are"
                    + " missed until the next rescan: if the inotify limit was reached, raise"
                    + " fs.inotify.max_user_watches");
        }
    }

    /** Stops watching a deleted or moved-away directory and everything below it. */
    private void forget(Path path) {
        if (!directoryKeys.containsKey(path)) {
            return; // a file, or a directory never watched: nothing below it is either
        }
        List<Path> below = new ArrayList<>();
        for (Path directory : directoryKeys.keySet()) {
            if (directory.startsWith(path)) {
                below.add(directory);
            }
        }
        for (Path directory : below) {
            WatchKey key = directoryKeys.remove(directory);
            if (directory.equals(keyDirectories.get(key))) {
                keyDirectories.remove(key);
                retired.put(key, directory);
                key.cancel();
            }
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        service.close();
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
