package org.swiftft.journal;

import java.nio.ByteBuffer;

/**
 * One replayed event.
 *
 * @param sequence its sequence number
 * @param time     when it was appended, milliseconds since the epoch
 * @param payload  the event's bytes, read-only; valid only during the replay callback
 */
public record JournalRecord(long sequence, long time, ByteBuffer payload) {
}
