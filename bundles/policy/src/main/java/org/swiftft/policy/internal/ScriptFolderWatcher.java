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
 * writes). At start, and after the kernel's event queue overflowed, every file is reported.
 */
final class ScriptFolderWatcher implements AutoCloseable {

    /** What the watcher reports; called on the watcher's own thread. */
    interface Listener {
        void changed(Path file);

        void removed(Path file);

        /** The folder could not be watched any more; the message says why. */
        void failed(String message, Exception cause);
    }

    private final Path folder;
    private final long settleMillis;
    private final Listener listener;
    private final WatchService watchService;
    private final Thread thread;
    private final Set<Path> known = new HashSet<>();

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

    void start() {
        thread.start();
    }

    private void run() {
        Map<Path, Long> due = new HashMap<>();
        try {
            rescan();
            while (!Thread.currentThread().isInterrupted()) {
                WatchKey key = due.isEmpty() ? watchService.take()
                        : watchService.poll(settleMillis, TimeUnit.MILLISECONDS);
                if (key != null) {
                    collect(key, due);
                }
                reportSettled(due);
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closed: the engine is stopping
        } catch (IOException | RuntimeException e) {
            listener.failed("stopped watching " + folder + ": " + e.getMessage(), e);
        }
    }

    private void collect(WatchKey key, Map<Path, Long> due) throws IOException {
        long when = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(settleMillis);
        for (WatchEvent<?> event : key.pollEvents()) {
            if (event.kind() == OVERFLOW) {
                rescan();
                continue;
            }
            Path file = folder.resolve((Path) event.context());
            if (isScript(file)) {
                due.put(file, when);
            }
        }
        if (!key.reset()) {
            throw new IOException("the folder is no longer accessible (deleted or unmounted?)");
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

    private void report(Path file) {
        if (Files.isRegularFile(file)) {
            known.add(file);
            listener.changed(file);
        } else if (known.remove(file)) {
            listener.removed(file);
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
