package org.swiftft.checkpoint;

/**
 * A checkpoint could not be taken, verified or recovered. The previous checkpoint is intact. The
 * message says what failed, on which file and at which offset, and what to do next.
 */
public class CheckpointException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why. */
    public enum Reason {
        /** A read or write failed. */
        IO,
        /** An fsync failed: the checkpoint is abandoned, never retried and trusted. */
        FSYNC_FAILED,
        /** The file system is full. */
        DISK_FULL,
        /** The retained checkpoints reached the size cap. */
        FULL,
        /** A checkpoint is torn or fails a CRC. */
        CORRUPT,
        /** A file has a format version this code does not know. */
        UNSUPPORTED_FORMAT,
        /** A {@link StateProvider} threw; the cause is attached. */
        PROVIDER_FAILED,
        /** The application did not answer a request in time ({@code checkpoint:take}), or is not connected. */
        NOT_ANSWERED,
        /** The store is closed. */
        CLOSED
    }

    private final Reason reason;
    private final String file;
    private final long offset;

    public CheckpointException(Reason reason, String message) {
        this(reason, message, null, -1, null);
    }

    /**
     * @param file   the file concerned, or {@code null}
     * @param offset the byte offset in it, or -1
     */
    public CheckpointException(Reason reason, String message, String file, long offset, Throwable cause) {
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
