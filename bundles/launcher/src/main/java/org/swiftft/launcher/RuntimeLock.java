package org.swiftft.launcher;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * One runtime per folder: an exclusive lock on {@code data/swiftd.lock}, taken before the framework
 * touches {@code data/cache}, and held until the JVM ends (the kernel releases it even after
 * SIGKILL, so a killed runtime never blocks the next one). Once the runtime answers on its control
 * socket it writes its pid to {@code data/swiftd.pid}: {@code bin/swiftd --background} waits for
 * that file to name the process it started.
 */
final class RuntimeLock implements AutoCloseable {

    private final Path pidFile;
    private final FileChannel channel;
    private final FileLock lock;

    private RuntimeLock(Path pidFile, FileChannel channel, FileLock lock) {
        this.pidFile = pidFile;
        this.channel = channel;
        this.lock = lock;
    }

    /** @throws IOException naming the runtime that holds the folder, if one does */
    static RuntimeLock acquire(Path home) throws IOException {
        Path data = home.resolve("data");
        FileChannel channel;
        try {
            Files.createDirectories(data);
            channel = FileChannel.open(data.resolve("swiftd.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (AccessDeniedException e) {
            throw new IOException("cannot write " + e.getFile() + ": permission denied; the runtime needs a data/"
                    + " folder its user can write (chown or chmod " + data + ")", e);
        }
        FileLock lock = channel.tryLock();
        if (lock == null) {
            channel.close();
            Path pidFile = data.resolve("swiftd.pid");
            String pid = Files.isRegularFile(pidFile) ? " (pid " + Files.readString(pidFile).strip() + ")" : "";
            throw new IOException("another SwiFT runtime is running or starting in " + home + pid
                    + "; stop it with bin/swift swift:shutdown");
        }
        return new RuntimeLock(data.resolve("swiftd.pid"), channel, lock);
    }

    /** Says the runtime is ready: writes this process's pid, whole, in one rename. */
    void ready() throws IOException {
        Path temporary = pidFile.resolveSibling("swiftd.pid.tmp");
        Files.writeString(temporary, ProcessHandle.current().pid() + "\n");
        Files.move(temporary, pidFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public synchronized void close() throws IOException {
        if (channel.isOpen()) {
            Files.deleteIfExists(pidFile);
            lock.release();
            channel.close();
        }
    }
}
