package org.swiftft.replication.internal;

import org.swiftft.libft.files.DurableFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.swiftft.journal.Durability;
import org.swiftft.journal.Journal;
import org.swiftft.journal.JournalDTO;
import org.swiftft.journal.JournalException;
import org.swiftft.journal.JournalOptions;
import org.swiftft.journal.JournalRecord;
import org.swiftft.libft.journal.Journals;

/**
 * A backup's replica log (the original REPL's Bcplog): a libft journal whose record sequence plus a
 * base is the operation sequence. A resync {@link #reset}s it to start after any sequence — a
 * journal always numbers from 1 — by opening a fresh journal in a folder named after the base and
 * recording the base durably ({@value #BASE_FILE}, replaced atomically) before the old folder goes.
 *
 * <p>Resets happen while nothing appends or replays; otherwise as thread-safe as the journal.
 */
final class ReplicaLog implements Journal {

    static final String BASE_FILE = "replica.base";
    private static final String NAME = "replica";

    private final Path stateDirectory;
    private final JournalOptions options;
    private volatile Journal journal;
    private volatile long base;
    private Path folder;

    private ReplicaLog(Path stateDirectory, JournalOptions options) {
        this.stateDirectory = stateDirectory;
        this.options = options;
    }

    /** The base file says "BASE FOLDER"; without one the journal is in the state folder itself, from 1. */
    static ReplicaLog open(Path stateDirectory, JournalOptions options) throws IOException, JournalException {
        ReplicaLog log = new ReplicaLog(stateDirectory, options);
        Path file = stateDirectory.resolve(BASE_FILE);
        log.folder = stateDirectory;
        try {
            String[] words = Files.readString(file, StandardCharsets.UTF_8).strip().split(" ");
            log.base = Long.parseLong(words[0]);
            log.folder = stateDirectory.resolve(words[1]);
        } catch (NoSuchFileException e) {
            log.base = 0;
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            throw new IOException(file + " is damaged; delete " + stateDirectory + " and resync the set", e);
        }
        log.journal = Journals.open(log.folder, NAME, options);
        return log;
    }

    /** Drops every record; the next append is operation {@code newBase + 1}. */
    void reset(long newBase) throws IOException, JournalException {
        Path old = folder;
        journal.close();
        String name = "log-" + newBase + "-" + System.currentTimeMillis();
        Path fresh = stateDirectory.resolve(name);
        DurableFiles.removeTree(fresh);
        Journal opened = Journals.open(fresh, NAME, options);
        DurableFiles.replace(stateDirectory.resolve(BASE_FILE),
                ByteBuffer.wrap((newBase + " " + name).getBytes(StandardCharsets.UTF_8)));
        journal = opened;
        base = newBase;
        folder = fresh;
        if (old.equals(stateDirectory)) {
            deleteJournalFiles(stateDirectory);
        } else {
            DurableFiles.removeTree(old);
        }
    }

    /**
     * A journal refuses every append after a write or fsync error until it is reopened (disk full,
     * I/O error): reopens it, keeping what was durable and cutting a torn tail.
     *
     * @return why it had failed, or {@code null} if it had not
     */
    String reopenIfFailed() throws JournalException {
        String failure = journal.info().failure;
        if (failure == null) {
            return null;
        }
        try {
            journal.close();
        } catch (JournalException e) {
            // it failed already; closing releases its files and lock
        }
        journal = Journals.open(folder, NAME, options);
        return failure;
    }

    private static void deleteJournalFiles(Path directory) throws IOException {
        // Segments NAME-<20 digits>.seg, NAME.settings and NAME.lock; not the replica mark beside them.
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory,
                NAME + "{-[0-9]*,.settings,.lock}")) {
            for (Path file : files) {
                Files.delete(file);
            }
        }
    }

    @Override
    public String name() {
        return journal.name();
    }

    @Override
    public Durability durability() {
        return journal.durability();
    }

    @Override
    public long append(ByteBuffer event) throws JournalException {
        return journal.append(event) + base;
    }

    @Override
    public CompletionStage<Long> appendAsync(ByteBuffer event) {
        long offset = base;
        return journal.appendAsync(event).thenApply(sequence -> sequence + offset);
    }

    @Override
    public long sync() throws JournalException {
        return journal.sync() + base;
    }

    @Override
    public long replay(long fromSequence, Consumer<JournalRecord> consumer) throws JournalException {
        long offset = base;
        return journal.replay(Math.max(1, fromSequence - offset),
                record -> consumer.accept(new JournalRecord(record.sequence() + offset, record.time(), record.payload())));
    }

    @Override
    public void truncate(long upToSequence) throws JournalException {
        if (upToSequence > base) {
            journal.truncate(upToSequence - base);
        }
    }

    @Override
    public long firstSequence() {
        return journal.firstSequence() + base;
    }

    @Override
    public long lastSequence() {
        return journal.lastSequence() + base;
    }

    @Override
    public long lastDurableSequence() {
        return journal.lastDurableSequence() + base;
    }

    @Override
    public JournalDTO info() {
        JournalDTO dto = journal.info();
        dto.firstSequence += base;
        dto.lastSequence += base;
        dto.lastDurableSequence += base;
        return dto;
    }

    @Override
    public void close() throws JournalException {
        journal.close();
    }
}
