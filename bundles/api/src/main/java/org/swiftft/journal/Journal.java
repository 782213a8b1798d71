package org.swiftft.journal;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

import org.osgi.annotation.versioning.ProviderType;

/**
 * One durable, append-only journal of events, numbered by sequence from 1 without gaps.
 *
 * <p><b>Durability.</b> An append is acknowledged (returns, or its stage completes) once it is
 * durable at the journal's {@link Durability} level; an acknowledged record is never lost and
 * never reordered. Records are framed with length and CRC32C; on open, a torn or corrupt tail is cut
 * at the last good record — only records that were never acknowledged are cut.
 *
 * <p><b>Failure.</b> A write or fsync error is fatal for the journal: the failing append and every
 * pending one fail with {@link JournalException}, and every later append too, until the journal is
 * reopened; nothing is retried and trusted. The size cap makes {@code append} fail with
 * {@link JournalException.Reason#FULL} — records are never dropped to make room, only
 * {@link #truncate} frees space.
 *
 * <p>Thread-safe: concurrent appenders are ordered by the sequence they receive, and group commit
 * batches them under one fsync. In the runtime a journal is a service with
 * {@link JournalConstants#JOURNAL_NAME}; in an application, libft opens it on a directory.
 */
@ProviderType
public interface Journal extends AutoCloseable {

    String name();

    Durability durability();

    /**
     * Appends one event and waits until it is acknowledged.
     *
     * @param event the event's bytes, from position to limit; copied before return
     * @return the event's sequence number
     * @throws JournalException if the journal failed, is full or closed, or the event exceeds the
     *                          maximum record size; the event is then not acknowledged (after an
     *                          I/O failure it may or may not be found on replay)
     */
    long append(ByteBuffer event) throws JournalException;

    /**
     * Appends one event without waiting, so one appender can pipeline. The event is copied and its
     * sequence assigned before return, in call order.
     *
     * @return a stage that completes with the sequence number once the event is acknowledged, or
     *         exceptionally with a {@link JournalException}; completed on a journal thread, so
     *         dependent actions must not block
     */
    CompletionStage<Long> appendAsync(ByteBuffer event);

    /**
     * Makes every record appended so far durable (fsync) before returning, whatever the level: for
     * {@link Durability#PERIODIC} journals at a point the application chooses.
     *
     * @return the last sequence now durable
     */
    long sync() throws JournalException;

    /**
     * Delivers records in sequence order, on the calling thread, from {@code fromSequence} up to the
     * last record acknowledged when the call began. The record's buffer is valid only during the
     * call. If the consumer throws, replay stops and the exception propagates unchanged.
     *
     * @return the sequence of the last record delivered, or {@code fromSequence - 1} if none
     * @throws JournalException with {@link JournalException.Reason#TRUNCATED} if records from
     *                          {@code fromSequence} on are no longer held (replay would have a gap),
     *                          or {@link JournalException.Reason#CORRUPT} naming the file and offset
     *                          if a record before the tail fails its CRC
     */
    long replay(long fromSequence, Consumer<JournalRecord> consumer) throws JournalException;

    /**
     * Drops records up to and including {@code upToSequence}, which a checkpoint has made
     * redundant. Frees whole segment files, so some records at or before it may stay readable.
     * Durable before return; truncating beyond {@link #lastSequence()} is refused with
     * {@link IllegalArgumentException}.
     */
    void truncate(long upToSequence) throws JournalException;

    /** Sequence of the oldest record held, or {@link #lastSequence()} + 1 if none is held. */
    long firstSequence();

    /** Sequence of the last record appended (acknowledged or not), or 0 if none ever was. */
    long lastSequence();

    /** Sequence of the last record known durable on disk. */
    long lastDurableSequence();

    /** Size, bounds and state now. */
    JournalDTO info();

    /**
     * Makes every acknowledged record durable, as {@link #sync()} does, and releases the files.
     * Pending asynchronous appends complete first. Idempotent.
     */
    @Override
    void close() throws JournalException;
}
