package org.swiftft.journal;

/**
 * One journal as {@code journal:list} shows it.
 */
public class JournalDTO {

    public String name;
    /** The application whose journal it is, or {@code null} for a runtime component's. */
    public String application;
    /** Its directory, absolute. */
    public String directory;
    public Durability durability;
    /** Oldest sequence held. */
    public long firstSequence;
    /** Last sequence appended. */
    public long lastSequence;
    /** Last sequence durable. */
    public long lastDurableSequence;
    /** Bytes of all segment files. */
    public long sizeBytes;
    public long sizeCapBytes;
    public int segments;
    /** Why the journal refuses appends (I/O or fsync failure, with file), or {@code null} if it does not. */
    public String failure;
}
