package org.swiftft.libft.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;

import org.swiftft.journal.Durability;
import org.swiftft.journal.JournalException;
import org.swiftft.journal.JournalException.Reason;
import org.swiftft.journal.JournalOptions;
import org.swiftft.libft.journal.SegmentStorage.SegmentChannel;

/**
 * The journal's one writer thread: takes batches from the {@link AppendQueue}, frames and writes
 * them, fsyncs as the durability level says, and only then acknowledges. One thread owns the
 * file, so batching concurrent appenders under one fsync (group commit) falls out of the loop: whatever
 * queued while the last fsync ran goes under the next one.
 *
 * <p>Any write or fsync error ends the loop: the journal has failed and stays failed, because after
 * a failed fsync the kernel may have dropped the dirty pages while still showing them to readers —
 * retrying would acknowledge records that are not on disk.
 */
final class JournalWriter implements Runnable {

    private final AppendQueue queue;
    private final SegmentFiles files;
    private final JournalOptions options;
    private final ByteBuffer out = ByteBuffer.allocateDirect(1 << 20);
    private final ByteBuffer frame = ByteBuffer.allocate(JournalFormat.FRAME_BYTES);
    private final CRC32C crc = new CRC32C();
    private final List<PendingAppend> batch = new ArrayList<>();
    private final List<CompletableFuture<Long>> syncs = new ArrayList<>();

    private SegmentChannel active;
    private Path activeFile;
    private long activeBytes;
    private long encodedUpTo;
    private long lastWritten;
    private long lastForced;
    /** PERIODIC: when the oldest write not yet fsync'd went to the OS. */
    private long firstUnforcedNanos;

    JournalWriter(AppendQueue queue, SegmentFiles files, JournalOptions options, SegmentRecovery.Recovered recovered) {
        this.queue = queue;
        this.files = files;
        this.options = options;
        this.active = recovered.active();
        List<Segment> segments = recovered.segments();
        this.activeFile = segments.get(segments.size() - 1).file();
        this.activeBytes = recovered.activeBytes();
        this.lastWritten = recovered.lastSequence();
        this.lastForced = lastWritten;
        this.encodedUpTo = lastWritten;
    }

    @Override
    public void run() {
        try {
            boolean more = true;
            while (more) {
                more = queue.take(batch, syncs, periodicWaitNanos());
                write();
                if (options.durability() == Durability.PERIODIC && lastWritten > lastForced
                        && System.nanoTime() - firstUnforcedNanos >= intervalNanos()) {
                    force();
                }
                if (!syncs.isEmpty()) {
                    force();
                    syncs.forEach(s -> s.complete(lastForced));
                }
                batch.clear();
                syncs.clear();
            }
            // Closing: whatever was acknowledged becomes durable, at every level.
            force();
        } catch (JournalException e) {
            queue.fail(e, batch, syncs);
        } catch (InterruptedException e) {
            queue.fail(new JournalException(Reason.IO, "journal " + files.journal()
                    + ": its writer thread was interrupted; reopen the journal"), batch, syncs);
        } catch (RuntimeException | Error e) {
            queue.fail(new JournalException(Reason.IO, "journal " + files.journal() + ": writer failed: " + e,
                    activeFile.toString(), activeBytes, e), batch, syncs);
            throw e;
        } finally {
            closeActive();
        }
    }

    private long periodicWaitNanos() {
        if (options.durability() != Durability.PERIODIC || lastWritten == lastForced) {
            return -1;
        }
        return Math.max(0, firstUnforcedNanos + intervalNanos() - System.nanoTime());
    }

    private long intervalNanos() {
        return TimeUnit.MILLISECONDS.toNanos(options.syncIntervalMillis());
    }

    private void write() throws JournalException {
        if (batch.isEmpty()) {
            return;
        }
        boolean everyAppend = options.durability() == Durability.EVERY_APPEND;
        for (PendingAppend append : batch) {
            if (append.startsSegment) {
                flush();
                startSegment(append.sequence);
            }
            encode(append);
            if (everyAppend) {
                flush();
                force();
                queue.acknowledge(append);
            }
        }
        if (everyAppend) {
            return;
        }
        flush();
        if (options.durability() == Durability.GROUP_COMMIT) {
            force();
        }
        for (PendingAppend append : batch) {
            queue.acknowledge(append);
        }
    }

    private void encode(PendingAppend append) throws JournalException {
        ByteBuffer payload = ByteBuffer.wrap(append.payload);
        frame.clear();
        frame.putInt(append.payload.length).putInt(0).putLong(append.sequence).putLong(append.time).flip();
        frame.putInt(4, JournalFormat.recordCrc(crc, frame, 0, payload));
        if (out.remaining() < append.frameBytes()) {
            flush();
        }
        if (out.remaining() >= append.frameBytes()) {
            out.put(frame).put(payload);
            encodedUpTo = append.sequence;
        } else {
            // Larger than the buffer (which flush emptied): straight to the file, frame then payload.
            writeFully(frame);
            writeFully(payload);
            encodedUpTo = append.sequence;
            flush();
        }
    }

    private void flush() throws JournalException {
        if (out.position() > 0) {
            out.flip();
            writeFully(out);
            out.clear();
        }
        if (lastWritten == lastForced && encodedUpTo > lastWritten) {
            firstUnforcedNanos = System.nanoTime();
        }
        lastWritten = encodedUpTo;
    }

    private void writeFully(ByteBuffer bytes) throws JournalException {
        int length = bytes.remaining();
        try {
            active.write(bytes, activeBytes);
        } catch (IOException e) {
            throw JournalErrors.io(files.journal(), "writing", activeFile, activeBytes, e, false);
        }
        activeBytes += length;
    }

    private void force() throws JournalException {
        if (lastWritten == lastForced) {
            return;
        }
        try {
            // fdatasync: the file's length is part of what it flushes, the rest of the inode need not be.
            active.force(false);
        } catch (IOException e) {
            throw JournalErrors.io(files.journal(), "fsync of", activeFile, activeBytes, e, true);
        }
        lastForced = lastWritten;
        queue.durableUpTo(lastForced);
    }

    /** The current segment is complete and durable before the next one is started. */
    private void startSegment(long firstSequence) throws JournalException {
        force();
        long closedBytes = activeBytes;
        closeActive();
        Path file = files.path(firstSequence);
        try {
            active = files.create(firstSequence);
        } catch (IOException e) {
            throw JournalErrors.io(files.journal(), "starting segment", file, 0, e, false);
        }
        activeFile = file;
        activeBytes = JournalFormat.HEADER_BYTES;
        queue.segmentStarted(closedBytes, new Segment(file, firstSequence, JournalFormat.HEADER_BYTES));
    }

    private void closeActive() {
        if (active == null) {
            return;
        }
        try {
            active.close();
        } catch (IOException ignored) {
            // Everything acknowledged was forced before; a failing close loses nothing we promised.
        }
        active = null;
    }
}
