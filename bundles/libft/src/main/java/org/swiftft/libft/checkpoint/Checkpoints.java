package org.swiftft.libft.checkpoint;

import java.nio.file.Path;
import java.util.Objects;

import org.swiftft.checkpoint.CheckpointException;
import org.swiftft.checkpoint.CheckpointOptions;
import org.swiftft.checkpoint.CheckpointStore;
import org.swiftft.checkpoint.RecoverableState;
import org.swiftft.journal.Journal;

/**
 * Where an application gets its checkpoint store (the original libft's t_ftmalloc, t_checkpoint and
 * t_recover) and, with a journal, its {@link RecoverableState}. Plain Java: no OSGi at run time.
 * The file format is documented in {@code docs/checkpoint-format.md}.
 */
public final class Checkpoints {

    private Checkpoints() {
    }

    /**
     * Opens the checkpoint store kept in {@code directory}, creating the directory if need be. One
     * store per directory: the directory is locked while the store is open, against this and every
     * other process. Temporary files a crashed writer left are removed; the checkpoints are only
     * read when {@link CheckpointStore#recover()} is called, after the application has registered
     * its state. The first checkpoint taken is full.
     *
     * @param name the store's name, recorded in every checkpoint (the application's name)
     * @throws CheckpointException {@link CheckpointException.Reason#IO} if the directory cannot be
     *                             created or read, or another store has it open
     */
    public static CheckpointStore open(Path directory, String name, CheckpointOptions options)
            throws CheckpointException {
        return FileCheckpointStore.open(Objects.requireNonNull(directory, "directory"),
                Objects.requireNonNull(name, "name"), options, CheckpointFileSystem.REAL);
    }

    /** As {@link #open(Path, String, CheckpointOptions)}, telling {@code events} what the store does. */
    public static CheckpointStore open(Path directory, String name, CheckpointOptions options, CheckpointEvents events)
            throws CheckpointException {
        FileCheckpointStore store = (FileCheckpointStore) open(directory, name, options);
        store.events(events);
        return store;
    }

    /** As {@link #open}, through another file system layer: for fault-injection tests. */
    static FileCheckpointStore open(Path directory, String name, CheckpointOptions options, CheckpointFileSystem fs)
            throws CheckpointException {
        return FileCheckpointStore.open(directory, name, options, fs);
    }

    /**
     * A store and a journal used as one: checkpoints record the journal position they cover, and
     * recovery replays the journal after it. From now on every checkpoint of {@code store} — its own
     * {@code checkpoint()} and its periodic ones included — covers the journal and truncates it up to
     * the oldest retained checkpoint's position; {@code checkpoint(long)} stays as it is.
     *
     * @param store a store from {@link #open}
     * @throws IllegalArgumentException if {@code store} was not opened here
     */
    public static RecoverableState recoverable(CheckpointStore store, Journal journal) {
        Objects.requireNonNull(journal, "journal");
        if (!(store instanceof FileCheckpointStore files)) {
            throw new IllegalArgumentException("a RecoverableState needs a store from Checkpoints.open, not " + store);
        }
        return new JournaledState(files, journal);
    }
}
