package org.swiftft.libft.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;

/**
 * A test double of the file system, the one thing tests cannot make fail on demand: real files
 * underneath, with faults on top.
 *
 * <ul>
 * <li>{@link #failForces()}: every later fsync fails with EIO;</li>
 * <li>{@link #fillDisk()}: every later write fails with ENOSPC;</li>
 * <li>{@link #powerLoss()}: what a host crash does and SIGKILL does not — every byte written since
 * the file's last fsync is lost, and every file created since its directory's last fsync
 * vanishes; afterwards every operation fails, as on a dead machine ({@code powerLoss(true)}
 * keeps all but the last unforced byte instead: a torn record);</li>
 * <li>{@link #holdForces()}: fsyncs wait until released, so a test can queue appends behind one.</li>
 * </ul>
 */
final class FaultyStorage implements SegmentStorage {

    private final SegmentStorage real = FileSegmentStorage.INSTANCE;
    /** Guards the bookkeeping; held across each write and fsync so a power loss falls between them. */
    private final Object lock = new Object();
    private final Map<Path, Long> durableLength = new HashMap<>();
    private final Set<Path> undurableEntries = new HashSet<>();
    /** One permit per fsync, released after the bookkeeping. */
    private final Semaphore forced = new Semaphore(0);
    private volatile boolean failForces;
    private volatile boolean diskFull;
    private volatile boolean poweredOff;
    private volatile CountDownLatch forceGate;
    private final Semaphore forceWaiting = new Semaphore(0);
    private int forces;

    void failForces() {
        failForces = true;
    }

    void fillDisk() {
        diskFull = true;
    }

    /** Fsyncs block until {@link #releaseForces()}; {@link #awaitHeldForce()} tells when one is waiting. */
    void holdForces() {
        forceGate = new CountDownLatch(1);
    }

    void releaseForces() {
        CountDownLatch gate = forceGate;
        forceGate = null;
        if (gate != null) {
            gate.countDown();
        }
    }

    void awaitHeldForce() throws InterruptedException {
        forceWaiting.acquire();
    }

    /** Successful fsyncs of files (not directories) so far. */
    int forces() {
        synchronized (lock) {
            return forces;
        }
    }

    /** Blocks until every byte written so far to every file has been fsync'd. */
    void awaitEverythingForced() throws InterruptedException, IOException {
        while (!everythingForced()) {
            forced.acquire(); // released after each fsync; the loop re-checks
        }
    }

    private boolean everythingForced() throws IOException {
        synchronized (lock) {
            for (Map.Entry<Path, Long> entry : durableLength.entrySet()) {
                if (Files.exists(entry.getKey()) && Files.size(entry.getKey()) > entry.getValue()) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Cuts every file back to what was fsync'd and removes files whose directory entry never was. */
    void powerLoss() throws IOException {
        powerLoss(false);
    }

    /**
     * As {@link #powerLoss()}, but if {@code tear}, a file keeps all its unforced bytes but the
     * last: the disk got most of the last write, which leaves a torn record.
     */
    void powerLoss(boolean tear) throws IOException {
        synchronized (lock) {
            poweredOff = true;
            for (Path file : undurableEntries) {
                Files.deleteIfExists(file);
                durableLength.remove(file);
            }
            for (Map.Entry<Path, Long> entry : durableLength.entrySet()) {
                long size = Files.exists(entry.getKey()) ? Files.size(entry.getKey()) : 0;
                if (size > entry.getValue()) {
                    try (FileChannel channel = FileChannel.open(entry.getKey(), StandardOpenOption.WRITE)) {
                        channel.truncate(tear ? size - 1 : entry.getValue());
                    }
                }
            }
        }
    }

    private void checkPower() throws IOException {
        if (poweredOff) {
            throw new IOException("Input/output error (simulated power loss)");
        }
    }

    @Override
    public SegmentChannel open(Path file, boolean create) throws IOException {
        synchronized (lock) {
            checkPower();
            SegmentChannel channel = real.open(file, create);
            if (create) {
                undurableEntries.add(file);
                durableLength.put(file, 0L);
            } else {
                durableLength.putIfAbsent(file, channel.size());
            }
            return new Channel(file, channel);
        }
    }

    @Override
    public void syncDirectory(Path directory) throws IOException {
        synchronized (lock) {
            checkPower();
            real.syncDirectory(directory);
            undurableEntries.removeIf(file -> directory.equals(file.getParent()));
        }
    }

    @Override
    public void delete(Path file) throws IOException {
        synchronized (lock) {
            checkPower();
            real.delete(file);
            durableLength.remove(file);
            undurableEntries.remove(file);
        }
    }

    private final class Channel implements SegmentChannel {
        private final Path file;
        private final SegmentChannel channel;

        Channel(Path file, SegmentChannel channel) {
            this.file = file;
            this.channel = channel;
        }

        @Override
        public void write(ByteBuffer source, long position) throws IOException {
            synchronized (lock) {
                checkPower();
                if (diskFull) {
                    throw new IOException("No space left on device");
                }
                channel.write(source, position);
            }
        }

        @Override
        public int read(ByteBuffer target, long position) throws IOException {
            checkPower();
            return channel.read(target, position);
        }

        @Override
        public long size() throws IOException {
            return channel.size();
        }

        @Override
        public void truncate(long size) throws IOException {
            synchronized (lock) {
                checkPower();
                channel.truncate(size);
                durableLength.computeIfPresent(file, (f, length) -> Math.min(length, size));
            }
        }

        @Override
        public void force(boolean metadata) throws IOException {
            CountDownLatch gate = forceGate;
            if (gate != null) {
                forceWaiting.release();
                try {
                    gate.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while held", e);
                }
            }
            synchronized (lock) {
                checkPower();
                if (failForces) {
                    throw new IOException("Input/output error");
                }
                channel.force(metadata);
                durableLength.put(file, channel.size());
                forces++;
            }
            forced.release();
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
