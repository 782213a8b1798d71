package org.swiftft.journal;

/**
 * How a journal is opened (the settings of {@code etc/org.swiftft.journal-NAME.cfg} and of libft).
 *
 * @param durability        when appends are acknowledged
 * @param commitWindowMicros {@link Durability#GROUP_COMMIT}: how long the first appender of a batch
 *                          may wait for others before the shared fsync
 * @param syncIntervalMillis {@link Durability#PERIODIC}: fsync interval
 * @param maxRecordBytes    largest event accepted
 * @param sizeCapBytes      size of all segment files beyond which appends fail with
 *                          {@link JournalException.Reason#FULL}
 * @param segmentBytes      size at which a new segment file is started (truncation frees whole segments)
 */
public record JournalOptions(Durability durability, long commitWindowMicros, long syncIntervalMillis,
        int maxRecordBytes, long sizeCapBytes, long segmentBytes) {

    public JournalOptions {
        if (durability == null) {
            throw new IllegalArgumentException("a journal needs a durability level");
        }
        if (commitWindowMicros < 0 || syncIntervalMillis <= 0 || maxRecordBytes <= 0
                || sizeCapBytes <= 0 || segmentBytes <= 0 || segmentBytes > sizeCapBytes) {
            // Not "+ this": the fields are not assigned yet inside a compact constructor.
            throw new IllegalArgumentException("journal options out of range: window " + commitWindowMicros
                    + " µs, interval " + syncIntervalMillis + " ms, record " + maxRecordBytes
                    + " B, cap " + sizeCapBytes + " B, segment " + segmentBytes + " B");
        }
    }

    /** Group commit, 200 µs window, 1 MiB records, 1 GiB cap, 64 MiB segments. */
    public static JournalOptions defaults() {
        return new JournalOptions(Durability.GROUP_COMMIT, 200, 1_000, 1 << 20, 1L << 30, 64L << 20);
    }

    public JournalOptions withDurability(Durability level) {
        return new JournalOptions(level, commitWindowMicros, syncIntervalMillis, maxRecordBytes,
                sizeCapBytes, segmentBytes);
    }
}
