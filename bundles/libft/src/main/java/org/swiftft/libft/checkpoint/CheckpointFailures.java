package org.swiftft.libft.checkpoint;

import java.io.IOException;
import java.nio.file.Path;

import org.swiftft.checkpoint.CheckpointException;
import org.swiftft.checkpoint.CheckpointException.Reason;

/**
 * Turns an I/O failure while writing a checkpoint into the {@link CheckpointException} an operator
 * can act on: which file, at which offset, what it means, what to do.
 */
final class CheckpointFailures {

    /** What the kernel's ENOSPC reads as in Java; Java 17 exposes no errno, only this text. */
    private static final String NO_SPACE = "No space left on device";
    private static final String QUOTA = "Disk quota exceeded";

    private CheckpointFailures() {
    }

    /** The step at which a write failed. */
    enum Step {
        WRITE, FORCE, RENAME, FORCE_DIRECTORY
    }

    static CheckpointException writeFailed(IOException e, Step step, Path file, long offset, long sequence) {
        String cause = String.valueOf(e.getMessage());
        String lead = "checkpoint " + sequence + " failed and was abandoned; the previous checkpoint is intact and"
                + " the next one will be full. ";
        if (cause.contains(NO_SPACE) || cause.contains(QUOTA)) {
            return new CheckpointException(Reason.DISK_FULL, lead + "The disk is full (" + cause + ") writing " + file
                    + " at offset " + offset + ": free space on its file system, lower retain, or move the store",
                    file.toString(), offset, e);
        }
        return switch (step) {
            case FORCE, FORCE_DIRECTORY -> new CheckpointException(Reason.FSYNC_FAILED, lead + "fsync of "
                    + (step == Step.FORCE ? file : file.getParent() + " (the directory)") + " failed (" + cause
                    + "); it is not retried, since the kernel may have dropped the unwritten pages. Check the disk"
                    + " (dmesg) before trusting it again", file.toString(), offset, e);
            case RENAME -> new CheckpointException(Reason.IO, lead + "renaming " + file + " into place failed ("
                    + cause + "); check the directory's permissions", file.toString(), -1, e);
            case WRITE -> new CheckpointException(Reason.IO, lead + "writing " + file + " at offset " + offset
                    + " failed (" + cause + "); check the disk", file.toString(), offset, e);
        };
    }
}
