package org.swiftft.libft.checkpoint;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

import org.swiftft.journal.Durability;
import org.swiftft.journal.Journal;
import org.swiftft.journal.JournalDTO;
import org.swiftft.journal.JournalException;
import org.swiftft.journal.JournalRecord;

/**
 * A journal in memory, faithful to the {@link Journal} contract in what recovery relies on:
 * sequences from 1 without gaps, replay in order, TRUNCATED for records no longer held, truncate
 * refusing to go past the last record. "Durable" here means "in this object", which outlives the
 * stores a test opens and closes.
 */
final class MemoryJournal implements Journal {

    private final TreeMap<Long, byte[]> records = new TreeMap<>();
    private long first = 1;
    private long last;
    private boolean closed;
    int syncs;

    @Override
    public String name() {
        return "memory";
    }

    @Override
    public Durability durability() {
        return Durability.EVERY_APPEND;
    }

    @Override
    public synchronized long append(ByteBuffer event) throws JournalException {
        checkOpen();
        byte[] bytes = new byte[event.remaining()];
        event.get(bytes);
        records.put(++last, bytes);
        return last;
    }

    @Override
    public CompletionStage<Long> appendAsync(ByteBuffer event) {
        try {
            return CompletableFuture.completedFuture(append(event));
        } catch (JournalException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public synchronized long sync() throws JournalException {
        checkOpen();
        syncs++;
        return last;
    }

    @Override
    public long replay(long fromSequence, Consumer<JournalRecord> consumer) throws JournalException {
        Map<Long, byte[]> view;
        synchronized (this) {
            if (fromSequence < first) {
                throw new JournalException(JournalException.Reason.TRUNCATED, "records from " + fromSequence
                        + " are no longer held; the oldest is " + first);
            }
            view = new TreeMap<>(records.tailMap(fromSequence, true));
        }
        long delivered = fromSequence - 1;
        for (Map.Entry<Long, byte[]> e : view.entrySet()) {
            consumer.accept(new JournalRecord(e.getKey(), 0, ByteBuffer.wrap(e.getValue()).asReadOnlyBuffer()));
            delivered = e.getKey();
        }
        return delivered;
    }

    @Override
    public synchronized void truncate(long upToSequence) throws JournalException {
        checkOpen();
        if (upToSequence > last) {
            throw new IllegalArgumentException("cannot truncate to " + upToSequence + " beyond the last record " + last);
        }
        records.headMap(upToSequence, true).clear();
        first = Math.max(first, upToSequence + 1);
    }

    @Override
    public synchronized long firstSequence() {
        return first;
    }

    @Override
    public synchronized long lastSequence() {
        return last;
    }

    @Override
    public synchronized long lastDurableSequence() {
        return last;
    }

    @Override
    public synchronized JournalDTO info() {
        JournalDTO dto = new JournalDTO();
        dto.name = name();
        dto.durability = durability();
        dto.firstSequence = first;
        dto.lastSequence = last;
        dto.lastDurableSequence = last;
        return dto;
    }

    @Override
    public synchronized void close() {
        closed = true;
    }

    /** Opens it again after {@link #close()}, as reopening a journal's directory would. */
    synchronized MemoryJournal reopen() {
        closed = false;
        return this;
    }

    private void checkOpen() throws JournalException {
        if (closed) {
            throw new JournalException(JournalException.Reason.CLOSED, "journal is closed");
        }
    }
}
