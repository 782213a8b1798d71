package org.swiftft.journal;

/**
 * Configuration PIDs, service properties, event topics and event properties of the journal.
 */
public final class JournalConstants {

    /** Factory PID of a runtime journal: {@code etc/org.swiftft.journal-NAME.cfg}. */
    public static final String JOURNAL_FACTORY_PID = "org.swiftft.journal";

    /** Service property naming a {@link Journal} service; consumers select with a target filter. */
    public static final String JOURNAL_NAME = "journal.name";

    /** Prefix of every journal event topic. */
    public static final String TOPIC_PREFIX = "org/swiftft/journal/";

    /** A journal failed (I/O or fsync error) and refuses appends. */
    public static final String TOPIC_FAILED = TOPIC_PREFIX + "FAILED";
    /** A journal reached its size cap and refuses appends. */
    public static final String TOPIC_FULL = TOPIC_PREFIX + "FULL";
    /** On open, a torn or corrupt tail of never-acknowledged records was cut off. */
    public static final String TOPIC_TAIL_CUT = TOPIC_PREFIX + "TAIL_CUT";

    /** Event property: the journal's name (String). */
    public static final String EVENT_JOURNAL = "journal";
    /** Event property: the application, if any (String). */
    public static final String EVENT_APPLICATION = "application";
    /** Event property: the file concerned (String). */
    public static final String EVENT_FILE = "file";
    /** Event property: byte offset in the file (Long). */
    public static final String EVENT_OFFSET = "offset";
    /** Event property: last good sequence (Long). */
    public static final String EVENT_SEQUENCE = "sequence";
    /** Event property: one line for the operator (String). */
    public static final String EVENT_MESSAGE = "message";

    private JournalConstants() {
    }
}
