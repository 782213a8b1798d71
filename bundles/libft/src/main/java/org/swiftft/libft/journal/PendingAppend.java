package org.swiftft.libft.journal;

import java.util.concurrent.CompletableFuture;

/**
 * One append between its caller and the writer: its sequence and segment are decided when it is
 * queued, so the writer only follows orders and the size cap is exact.
 */
final class PendingAppend {

    final long sequence;
    final long time;
    final byte[] payload;
    /** The writer starts a new segment with this record. */
    final boolean startsSegment;
    /** For the group-commit window: when the first appender of a batch arrived. */
    final long queuedNanos;
    final CompletableFuture<Long> acknowledged = new CompletableFuture<>();

    PendingAppend(long sequence, long time, byte[] payload, boolean startsSegment, long queuedNanos) {
        this.sequence = sequence;
        this.time = time;
        this.payload = payload;
        this.startsSegment = startsSegment;
        this.queuedNanos = queuedNanos;
    }

    int frameBytes() {
        return JournalFormat.FRAME_BYTES + payload.length;
    }
}
