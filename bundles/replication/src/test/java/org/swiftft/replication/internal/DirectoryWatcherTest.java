package org.swiftft.replication.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class DirectoryWatcherTest {

    @TempDir
    Path temp;

    private final Set<Path> reported = ConcurrentHashMap.newKeySet();
    private final CountDownLatch blocked = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);

    @Test
    void lostEventsMakeTheWatcherWalkTheTreeAgainAndReportEverything() throws Exception {
        Path watched = Files.createDirectories(temp.resolve("set"));
        try (DirectoryWatcher watcher = new DirectoryWatcher(watched, "t", new DirectoryWatcher.Changes() {
            @Override
            public void changed(Path path) {
                reported.add(path);
                if (path.getFileName().toString().equals("first")) {
                    blocked.countDown();
                    await(release); // the watcher thread is busy: the service's queue for the directory fills
                }
            }

            @Override
            public void rescanning() {
            }
        }, ReplicationListener.logging("t"))) {
            watcher.start();
            awaitCondition(() -> watcher.rescans() == 1);
            Files.write(watched.resolve("first"), new byte[1]);
            assertTrue(blocked.await(10, TimeUnit.SECONDS));
            for (int i = 0; i < 700; i++) { // more than the 512 events a WatchKey holds
                Files.write(watched.resolve("f" + i), new byte[1]);
            }
            release.countDown();

            awaitCondition(() -> watcher.rescans() == 2);
            awaitCondition(() -> reported.size() == 701);
        }
    }

    @Test
    void filesMadeInANewDirectoryBeforeItIsWatchedAreReported() throws Exception {
        Path watched = Files.createDirectories(temp.resolve("set"));
        try (DirectoryWatcher watcher = new DirectoryWatcher(watched, "t", new DirectoryWatcher.Changes() {
            @Override
            public void changed(Path path) {
                reported.add(path);
            }

            @Override
            public void rescanning() {
            }
        }, ReplicationListener.logging("t"))) {
            watcher.start();
            awaitCondition(() -> watcher.rescans() == 1);
            Path deep = Files.createDirectories(watched.resolve("a/b/c"));
            Files.write(deep.resolve("x"), new byte[1]);
            Files.write(watched.resolve("a/.x.swift-copy"), new byte[1]);

            awaitCondition(() -> reported.contains(deep.resolve("x")));
            Files.write(deep.resolve("y"), new byte[1]);
            awaitCondition(() -> reported.contains(deep.resolve("y")));
            assertTrue(!reported.contains(watched.resolve("a/.x.swift-copy")), "a temporary name was reported");
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Polls a watcher's counters: they change on its thread, with no event to wait on. */
    private static void awaitCondition(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "condition not met within 10 s");
            Thread.sleep(5);
        }
    }
}
