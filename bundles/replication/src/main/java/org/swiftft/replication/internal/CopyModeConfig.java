package org.swiftft.replication.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.swiftft.replication.ConsistencyLevel;

/**
 * How the copy-mode source of one set runs.
 *
 * @param set            the set's name
 * @param directory      the primary's directory, written by applications that do not use libft
 * @param stateDirectory where the signatures of what was shipped are kept; outside {@code directory}
 * @param level          the set's consistency level: says whether an acknowledgement survives a crash
 * @param quiet          how long a file must stay unchanged before it is shipped
 * @param listener       failures (unreadable files, I/O errors, skipped special files)
 */
public record CopyModeConfig(String set, Path directory, Path stateDirectory, ConsistencyLevel level,
        Duration quiet, ReplicationListener listener) {

    public static final Duration DEFAULT_QUIET = Duration.ofSeconds(2);

    public CopyModeConfig {
        Objects.requireNonNull(set, "set");
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(stateDirectory, "stateDirectory");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(quiet, "quiet");
        Objects.requireNonNull(listener, "listener");
        if (quiet.isNegative()) {
            throw new IllegalArgumentException("set " + set + ": the quiet interval must not be negative, not " + quiet);
        }
        Path dir = directory.toAbsolutePath().normalize();
        Path state = stateDirectory.toAbsolutePath().normalize();
        if (state.startsWith(dir) || dir.startsWith(state)) {
            throw new IllegalArgumentException("set " + set + ": the copy-mode state directory " + state
                    + " and the replicated directory " + dir + " must not contain each other; move the state"
                    + " directory out");
        }
    }

    /** A quiet interval of {@link #DEFAULT_QUIET} and a logging listener. */
    public static CopyModeConfig of(String set, Path directory, Path stateDirectory, ConsistencyLevel level) {
        return new CopyModeConfig(set, directory, stateDirectory, level, DEFAULT_QUIET, ReplicationListener.logging(set));
    }

    public CopyModeConfig withQuiet(Duration newQuiet) {
        return new CopyModeConfig(set, directory, stateDirectory, level, newQuiet, listener);
    }

    public CopyModeConfig withListener(ReplicationListener newListener) {
        return new CopyModeConfig(set, directory, stateDirectory, level, quiet, newListener);
    }
}
