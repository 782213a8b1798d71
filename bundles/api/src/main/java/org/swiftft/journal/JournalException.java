package org.swiftft.journal;

/**
 * A journal operation failed. The message says what failed, on which file and at which offset,
 * and what to do next; {@link #reason()} lets callers act on it without parsing.
 */
public class JournalException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why. */
    public enum Reason {
        /** A write failed; the journal refuses appends until reopened. */
        IO,
        /** An fsync failed: fatal for the journal, never retried. */
        FSYNC_FAILED,
        /** The file system is full. */
        DISK_FULL,
        /** The journal's size cap is reached; truncate to make room. */
        FULL,
        /** The event is larger than the journal's maximum record size. */
        TOO_LARGE,
        /** Records asked for are no longer held. */
        TRUNCATED,
        /** A record before the tail fails its CRC: the journal is damaged, not just torn. */
        CORRUPT,
        /** A file has a format version this code does not know. */
        UNSUPPORTED_FORMAT,
        /** The journal is closed. */
        CLOSED
    }

    private final Reason reason;
    private final String file;
    private final long offset;

    public JournalException(Reason reason, String message) {
        this(reason, message, null, -1, null);
    }

    /**
     * @param file   the file concerned, or {@code null}
     * @param offset the byte offset in it, or -1
     */
    public JournalException(Reason reason, String message, String file, long offset, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.file = file;
        this.offset = offset;
    }

    public Reason reason() {
        return reason;
    }

    /** The file concerned, or {@code null}. */
    public String file() {
        return file;
    }

    /** The byte offset in {@link #file()}, or -1. */
    public long offset() {
        return offset;
    }
}
