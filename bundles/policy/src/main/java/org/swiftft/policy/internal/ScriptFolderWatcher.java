package org.swiftft.policy.internal;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;
import static java.nio.file.StandardWatchEventKinds.OVERFLOW;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Watches one folder for {@code *.groovy} files and reports each file that appeared, changed or
 * disappeared once it has been quiet for the settle time (an editor's save is often several
 * writes). {@link #start} reports every file present before it returns; after the kernel's event
 * queue overflowed every file is reported again. If the folder itself disappears, its scripts are
 * reported removed and the watcher waits for it to come back.
 */
final class ScriptFolderWatcher implements AutoCloseable {

    /** What the watcher reports; called on the watcher's own thread (and on the caller's in start). */
    interface Listener {
        void changed(Path file);

        void removed(Path file);

        /** Something went wrong that the watcher survives; the message says what. */
        void trouble(String message, Exception cause);
    }

    private static final long FOLDER_RETRY_MILLIS = 1000;

    private final Path folder;
    private final long settleMillis;
    private final Listener listener;
    private final WatchService watchService;
    private final Thread thread;
    private final Set<Path> known = new HashSet<>();

    /** @throws IOException if the folder cannot be created or watched; nothing has been reported then */
    ScriptFolderWatcher(Path folder, long settleMillis, Listener listener) throws IOException {
        this.folder = folder;
        this.settleMillis = settleMillis;
        this.listener = listener;
        Files.createDirectories(folder);
        this.watchService = folder.getFileSystem().newWatchService();
        folder.register(watchService, ENTRY_CREATE, ENTRY_MODIFY, ENTRY_DELETE);
        this.thread = new Thread(this::run, "swift-policy-watcher " + folder);
        this.thread.setDaemon(true);
    }

    /** Reports the scripts present now, on the caller's thread, then follows changes on a thread of its own. */
    void start() throws IOException {
        rescan();
        thread.start();
    }

    private void run() {
        Map<Path, Long> due = new HashMap<>();
        try {
            while (!Thread.currentThread().isInterrupted()) {
                WatchKey signalled = due.isEmpty() ? watchService.take()
                        : watchService.poll(settleMillis, TimeUnit.MILLISECONDS);
                if (signalled != null) {
                    collect(signalled, due);
                }
                reportSettled(due);
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closed: the engine is stopping
        }
    }

    private void collect(WatchKey signalled, Map<Path, Long> due) throws InterruptedException {
        long when = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(settleMillis);
        for (WatchEvent<?> event : signalled.pollEvents()) {
            if (event.kind() == OVERFLOW) {
                rescanQuietly();
                continue;
            }
            Path file = folder.resolve((Path) event.context());
            if (isScript(file)) {
                due.put(file, when);
            }
        }
        if (!signalled.reset()) {
            due.clear();
            folderGone();
        }
    }

    /** The folder was deleted or unmounted: its scripts are gone too, until it comes back. */
    private void folderGone() throws InterruptedException {
        listener.trouble("the scripts folder " + folder + " is gone: its policies are removed until it is back", null);
        for (Path file : new HashSet<>(known)) {
            known.remove(file);
            removedQuietly(file);
        }
        while (!Thread.currentThread().isInterrupted()) {
            Thread.sleep(FOLDER_RETRY_MILLIS);
            if (Files.isDirectory(folder)) {
                try {
                    folder.register(watchService, ENTRY_CREATE, ENTRY_MODIFY, ENTRY_DELETE);
                    listener.trouble("the scripts folder " + folder + " is back: loading its scripts", null);
                    rescan();
                    return;
                } catch (IOException e) {
                    // not usable yet: try again
                }
            }
        }
    }

    private void reportSettled(Map<Path, Long> due) {
        long now = System.nanoTime();
        for (Iterator<Map.Entry<Path, Long>> it = due.entrySet().iterator(); it.hasNext();) {
            Map.Entry<Path, Long> entry = it.next();
            if (entry.getValue() - now <= 0) {
                it.remove();
                report(entry.getKey());
            }
        }
    }

    /** Reports every script present, and every script known before that is gone. */
    private void rescan() throws IOException {
        Set<Path> present = new HashSet<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*.groovy")) {
            files.forEach(present::add);
        }
        for (Path gone : new HashSet<>(known)) {
            if (!present.contains(gone)) {
                report(gone);
            }
        }
        present.stream().sorted().forEach(this::report);
    }

    private void rescanQuietly() {
        try {
            rescan();
        } catch (IOException e) {
            listener.trouble("cannot list " + folder + ": " + e.getMessage(), e);
        }
    }

    /** One file's news; whatever the listener throws is its problem, never the end of watching. */
    private void report(Path file) {
        try {
            if (Files.isRegularFile(file)) {
                known.add(file);
                listener.changed(file);
            } else if (known.remove(file)) {
                listener.removed(file);
            }
        } catch (RuntimeException e) {
            listener.trouble("failed to handle " + file + ": " + e, e);
        }
    }

    private void removedQuietly(Path file) {
        try {
            listener.removed(file);
        } catch (RuntimeException e) {
            listener.trouble("failed to remove " + file + ": " + e, e);
        }
    }

    private static boolean isScript(Path file) {
        return file.getFileName().toString().endsWith(".groovy");
    }

    @Override
    public void close() {
        thread.interrupt();
        try {
            watchService.close();
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (IOException e) {
            // nothing more to release
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
