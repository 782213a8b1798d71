package org.swiftft.libft.journal;

import java.io.IOException;
import java.nio.file.Path;

import org.swiftft.journal.JournalException;
import org.swiftft.journal.JournalException.Reason;

/** The exceptions a person can act on: what failed, which file, which offset, what to do. */
final class JournalErrors {

    private JournalErrors() {
    }

    static JournalException corrupt(Path file, long offset, String problem) {
        return new JournalException(Reason.CORRUPT, "journal segment " + file + " is damaged at offset " + offset
                + ": " + problem + ". Records acknowledged earlier may be in it, so the journal is not opened:"
                + " restore the file from a backup or a replica. If a checkpoint covers these records (checkpoint:list"
                + " shows the journal position each covers), the segments up to and including this one can be moved"
                + " away instead; moving away records no checkpoint covers loses them.",
                file.toString(), offset, null);
    }

    static JournalException unsupported(Path file, long offset, String problem) {
        return new JournalException(Reason.UNSUPPORTED_FORMAT, "journal segment " + file + " cannot be read: "
                + problem + ".", file.toString(), offset, null);
    }

    /**
     * A failed write, fsync or file operation. A full file system is told apart by the message the
     * JDK copies from strerror(ENOSPC) or strerror(EDQUOT): IOException has no errno.
     */
    static JournalException io(String journal, String doing, Path file, long offset, IOException e, boolean fsync) {
        String cause = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        boolean full = cause.contains("No space left on device") || cause.contains("Disk quota exceeded");
        Reason reason = full ? Reason.DISK_FULL : fsync ? Reason.FSYNC_FAILED : Reason.IO;
        String what = full ? "the file system is full (" + cause + ")" : cause;
        String next = full ? "Free space on that file system, then reopen the journal"
                : "Check the device, then reopen the journal";
        return new JournalException(reason, "journal " + journal + ": " + doing + " " + file
                + (offset >= 0 ? " at offset " + offset : "") + " failed: " + what + ". " + next
                + "; it refuses appends until then" + (fsync ? " (a failed fsync is never retried)." : "."),
                file.toString(), offset, e);
    }

    /** The journal's own failure, as seen by an operation that comes after it. */
    static JournalException refused(JournalException failure) {
        return new JournalException(failure.reason(), "refused: the journal failed earlier: " + failure.getMessage(),
                failure.file(), failure.offset(), failure);
    }
}
