package org.swiftft.checkpoint;

/**
 * One checkpoint, as {@code checkpoint:list} shows it.
 */
public class CheckpointDTO {

    /** Full, or only the blocks changed since the checkpoint before. */
    public enum Kind {
        FULL,
        INCREMENTAL
    }

    /** What a verification found. */
    public enum Verification {
        /** Not read back since it was written. */
        UNCHECKED,
        /** Every CRC matched. */
        OK,
        /** Torn or corrupt; see {@link CheckpointDTO#problem}. */
        CORRUPT
    }

    /** The store (application) it belongs to. */
    public String store;
    /** Its number, increasing by one per checkpoint of the store. */
    public long sequence;
    /** When it was taken, milliseconds since the epoch. */
    public long time;
    /** The last journal sequence it covers, or -1 if it covers no journal. */
    public long journalPosition = -1;
    public Kind kind;
    /** For an increment, the sequence of the full checkpoint its chain starts from; else its own. */
    public long baseSequence;
    /** Bytes of its file on disk. */
    public long sizeBytes;
    /** Bytes of state it restores (all regions and providers). */
    public long stateBytes;
    /** How long it took to take, until durable. */
    public long durationMillis;
    /** Its file, absolute. */
    public String file;
    public Verification verified = Verification.UNCHECKED;
    /** What is wrong, with file and offset, when CORRUPT; else {@code null}. */
    public String problem;
}
