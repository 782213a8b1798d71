package org.swiftft.demo;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;

/**
 * How the counter changes its directory: through libft's replicated files on a cluster
 * ({@link ReplicatedCounterFiles}), or plain files for tests and for trying it alone
 * ({@link PlainCounterFiles}). Reading never goes through here: recovery reads the directory directly.
 *
 * <p><b>Durability:</b> {@code force} on a channel from {@link #channel} and the return of
 * {@link #replace} mean the change is durable here and, when replicated, acknowledged by the backups
 * at the set's level. Every failure is an IOException that says what was being changed.
 */
interface CounterFiles extends AutoCloseable {

    /** The directory the counter's files live in. */
    Path directory();

    /** A channel on {@code name} in the directory, opened for writing with {@code options}. */
    FileChannel channel(String name, OpenOption... options) throws IOException;

    /** Renames {@code source} over {@code target} atomically: a reader sees the old file or the new one. */
    void replace(String source, String target) throws IOException;

    /** Deletes {@code name} if it exists. */
    void deleteIfExists(String name) throws IOException;

    /** Ends writing; channels already opened must be closed first. */
    @Override
    void close();
}
