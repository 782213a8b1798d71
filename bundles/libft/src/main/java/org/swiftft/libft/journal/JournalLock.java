package org.swiftft.libft.journal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.swiftft.journal.JournalException;
import org.swiftft.journal.JournalException.Reason;

/**
 * One writer per journal: two processes appending to the same files would interleave records.
 * An advisory lock on {@code NAME.lock} (fcntl), which the kernel releases when the holder dies,
 * so a killed process never leaves a stale lock behind.
 */
final class JournalLock implements AutoCloseable {

    private final FileChannel channel;

    private JournalLock(FileChannel channel) {
        this.channel = channel;
    }

    static JournalLock acquire(Path directory, String journal) throws JournalException {
        Path file = directory.resolve(journal + ".lock");
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException inThisProcess) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                throw new JournalException(Reason.IO, "journal " + journal + " in " + directory
                        + " is already open (" + file + " is locked by this or another process); close it there first",
                        file.toString(), -1, null);
            }
            return new JournalLock(channel);
        } catch (IOException e) {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // Already failing.
                }
            }
            throw JournalErrors.io(journal, "locking", file, -1, e, false);
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // Closing the channel releases the lock; the kernel does it at exit anyway.
        }
    }
}
