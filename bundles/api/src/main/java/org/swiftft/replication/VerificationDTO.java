package org.swiftft.replication;

import java.util.List;

/**
 * The result of comparing a set's primary and backup copies by block hashes
 * ({@code replication:verify}). Changes in flight show as differences; verify a quiet set.
 */
public class VerificationDTO {

    /** One path that differs. */
    public static class DifferenceDTO {

        /** How it differs. */
        public enum Kind {
            MISSING_ON_BACKUP,
            EXTRA_ON_BACKUP,
            CONTENT,
            SIZE,
            ATTRIBUTES
        }

        /** Relative to the set's directory. */
        public String path;
        public Kind kind;
        /** CONTENT: offset of the first differing block; else -1. */
        public long offset = -1;
    }

    public String set;
    /** The backup compared, {@code host:port}. */
    public String peer;
    /** Sequence on the primary when the comparison started. */
    public long sequence;
    public long files;
    public long bytes;
    /** Empty if the copies are equal. */
    public List<DifferenceDTO> differences = List.of();
    public long durationMillis;
    /**
     * Why this backup could not be compared (not connected, no answer), or {@code null} if it was:
     * the other backups are compared all the same. Since 1.1.
     */
    public String error;
}
