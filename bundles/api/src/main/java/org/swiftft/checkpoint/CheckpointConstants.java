package org.swiftft.checkpoint;

/**
 * Configuration PIDs, service properties, event topics and event properties of checkpoints.
 */
public final class CheckpointConstants {

    /** Factory PID of a runtime checkpoint store: {@code etc/org.swiftft.checkpoint-NAME.cfg}. */
    public static final String STORE_FACTORY_PID = "org.swiftft.checkpoint";

    /** Service property naming a {@link CheckpointStore} or {@link RecoverableState} service. */
    public static final String STORE_NAME = "checkpoint.store";

    /** Prefix of every checkpoint event topic. */
    public static final String TOPIC_PREFIX = "org/swiftft/checkpoint/";

    /** A checkpoint was taken and is durable. */
    public static final String TOPIC_TAKEN = TOPIC_PREFIX + "TAKEN";
    /** A checkpoint could not be taken; the previous one is intact. */
    public static final String TOPIC_FAILED = TOPIC_PREFIX + "FAILED";
    /** A torn or corrupt checkpoint was found (by recovery or verification). */
    public static final String TOPIC_CORRUPT = TOPIC_PREFIX + "CORRUPT";
    /** A store recovered from a checkpoint. */
    public static final String TOPIC_RECOVERED = TOPIC_PREFIX + "RECOVERED";
    /** A chain of increments was compacted into a full checkpoint. */
    public static final String TOPIC_COMPACTED = TOPIC_PREFIX + "COMPACTED";

    /** Event property: the store's name (String). */
    public static final String EVENT_STORE = "store";
    /** Event property: the checkpoint's sequence (Long). */
    public static final String EVENT_SEQUENCE = "sequence";
    /** Event property: the journal position it covers, or -1 (Long). */
    public static final String EVENT_JOURNAL_POSITION = "journal.position";
    /** Event property: {@code FULL} or {@code INCREMENTAL} (String). */
    public static final String EVENT_KIND = "kind";
    /** Event property: bytes written (Long). */
    public static final String EVENT_SIZE = "size";
    /** Event property: milliseconds until durable (Long). */
    public static final String EVENT_DURATION = "duration";
    /** Event property: the file concerned (String). */
    public static final String EVENT_FILE = "file";
    /** Event property: byte offset in the file (Long). */
    public static final String EVENT_OFFSET = "offset";
    /** Event property: a {@link CheckpointException.Reason} name (String), on FAILED. */
    public static final String EVENT_REASON = "reason";
    /** Event property: one line for the operator (String). */
    public static final String EVENT_MESSAGE = "message";

    private CheckpointConstants() {
    }
}
