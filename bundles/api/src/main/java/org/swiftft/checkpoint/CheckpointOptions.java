package org.swiftft.checkpoint;

/**
 * How a checkpoint store works (the settings of {@code etc/org.swiftft.checkpoint-NAME.cfg} and of libft).
 *
 * @param intervalMillis   periodic checkpoints every so often; 0 for on demand only
 * @param retain           how many checkpoints to keep (at least 1)
 * @param blockBytes       unit of change detection and of CRC32C
 * @param maxIncrements    increments after a full checkpoint before the chain is compacted
 * @param sizeCapBytes     size of all retained checkpoint files beyond which a checkpoint fails
 *                         with {@link CheckpointException.Reason#FULL}
 */
public record CheckpointOptions(long intervalMillis, int retain, int blockBytes, int maxIncrements,
        long sizeCapBytes) {

    public CheckpointOptions {
        if (intervalMillis < 0 || retain < 1 || blockBytes <= 0 || maxIncrements < 0 || sizeCapBytes <= 0) {
            throw new IllegalArgumentException("checkpoint options out of range: interval " + intervalMillis
                    + " ms, retain " + retain + ", block " + blockBytes + " B, increments " + maxIncrements
                    + ", cap " + sizeCapBytes + " B");
        }
    }

    /** On demand only, keep 3, 64 KiB blocks, compact after 8 increments, 4 GiB cap. */
    public static CheckpointOptions defaults() {
        return new CheckpointOptions(0, 3, 64 << 10, 8, 4L << 30);
    }

    public CheckpointOptions withInterval(long millis) {
        return new CheckpointOptions(millis, retain, blockBytes, maxIncrements, sizeCapBytes);
    }
}
