package org.swiftft.libft.journal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

import org.swiftft.journal.Journal;
import org.swiftft.journal.JournalException;
import org.swiftft.journal.JournalException.Reason;
import org.swiftft.journal.JournalOptions;

/**
 * Opens journals on a directory: the entry point of the journal engine for a plain Java
 * application ({@code java -cp libft.jar}); the runtime's journal bundle uses it too.
 *
 * <pre>
 * try (Journal journal = Journals.open(Path.of("data/orders"), "input", JournalOptions.defaults())) {
 *     journal.replay(checkpoint.journalPosition() + 1, record -&gt; apply(record.payload()));
 *     long seq = journal.append(ByteBuffer.wrap(event));   // durable when it returns
 * }
 * </pre>
 *
 * Several journals may share a directory: each owns the files {@code NAME-<20 digits>.jnl} and
 * {@code NAME.lock}, and leaves every other file alone. A journal is open in one process at a time.
 */
public final class Journals {

    private Journals() {
    }

    /**
     * Opens (creating if need be) the journal {@code name} in {@code directory}, after checking every
     * record in it. A torn tail left by a crash is cut off and logged (System.Logger, WARNING).
     *
     * @throws JournalException {@code CORRUPT} naming file and offset if records that may have been
     *                          acknowledged are damaged, {@code UNSUPPORTED_FORMAT} for a file of a
     *                          newer format, {@code IO} if the files cannot be read or the journal is
     *                          already open
     */
    public static Journal open(Path directory, String name, JournalOptions options) throws JournalException {
        return open(directory, name, options, cut -> { });
    }

    /** As {@link #open(Path, String, JournalOptions)}, telling {@code onTailCut} about every cut made. */
    public static Journal open(Path directory, String name, JournalOptions options, Consumer<TailCut> onTailCut)
            throws JournalException {
        return open(directory, name, options, onTailCut, FileSegmentStorage.INSTANCE);
    }

    static Journal open(Path directory, String name, JournalOptions options, Consumer<TailCut> onTailCut,
            SegmentStorage storage) throws JournalException {
        JournalFormat.checkName(name);
        if (options == null || onTailCut == null) {
            throw new IllegalArgumentException("journal " + name + ": options and the tail-cut listener are required");
        }
        Path dir = directory.toAbsolutePath();
        createDirectory(dir, name, storage);
        JournalLock lock = JournalLock.acquire(dir, name);
        try {
            SegmentFiles files = new SegmentFiles(storage, dir, name);
            SegmentRecovery.Recovered recovered = new SegmentRecovery(files, onTailCut).recover();
            if (storage == FileSegmentStorage.INSTANCE) {
                JournalFiles.writeSettings(dir, name, options);
            }
            return new FileJournal(files, options, recovered, lock);
        } catch (JournalException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /** A new directory is made durable in its parent, like a new file in its directory. */
    private static void createDirectory(Path dir, String name, SegmentStorage storage) throws JournalException {
        if (Files.isDirectory(dir)) {
            return;
        }
        try {
            Files.createDirectories(dir);
            storage.syncDirectory(dir.getParent());
        } catch (IOException e) {
            throw new JournalException(Reason.IO, "journal " + name + ": cannot create its directory " + dir + ": " + e,
                    dir.toString(), -1, e);
        }
    }
}
