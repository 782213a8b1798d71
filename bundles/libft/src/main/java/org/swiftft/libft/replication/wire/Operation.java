package org.swiftft.libft.replication.wire;

import java.util.Objects;

/**
 * One change a primary's writer made to a replication set's directory, in replay mode: what libft's
 * replicated file API records and the backups replay (the original REPL's operation shipping).
 *
 * <p>Every operation is stated so that applying it again changes nothing: a write names its
 * position, an append the offset it was appended at, a truncate the resulting size, a create the
 * resulting (empty) file. Paths are relative to the set's directory, with '/' separators; they are
 * checked by {@link SetPaths} before anything is applied.
 */
public sealed interface Operation {

    /** The path the operation changes (the source, for a rename). */
    String path();

    /** Bytes of file content it carries, for lag and backpressure accounting. */
    default int dataBytes() {
        return 0;
    }

    /** Creates the file if missing and leaves it empty (CREATE + TRUNCATE_EXISTING on the primary). */
    record Create(String path) implements Operation {
        public Create {
            Objects.requireNonNull(path, "path");
        }
    }

    /** Writes {@code data} at {@code position}, extending the file if need be. */
    record WriteAt(String path, long position, byte[] data) implements Operation {
        public WriteAt {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(data, "data");
            if (position < 0) {
                throw new IllegalArgumentException("write to " + path + " at negative position " + position);
            }
        }

        @Override
        public int dataBytes() {
            return data.length;
        }
    }

    /**
     * An append as the primary made it: {@code data} landed at {@code offset}. Carrying the offset is
     * what makes a repeat a no-op (it rewrites the same bytes at the same place).
     */
    record Append(String path, long offset, byte[] data) implements Operation {
        public Append {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(data, "data");
            if (offset < 0) {
                throw new IllegalArgumentException("append to " + path + " at negative offset " + offset);
            }
        }

        @Override
        public int dataBytes() {
            return data.length;
        }
    }

    /** Cuts the file to {@code size} bytes if it is longer (FileChannel.truncate never extends). */
    record Truncate(String path, long size) implements Operation {
        public Truncate {
            Objects.requireNonNull(path, "path");
            if (size < 0) {
                throw new IllegalArgumentException("truncate of " + path + " to negative size " + size);
            }
        }
    }

    /** The primary forced the file: the backup forces its copy too. */
    record Force(String path) implements Operation {
        public Force {
            Objects.requireNonNull(path, "path");
        }
    }

    /** Moves {@code path} to {@code target}, replacing it. */
    record Rename(String path, String target) implements Operation {
        public Rename {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(target, "target");
        }
    }

    /**
     * Copies the file at {@code path} to {@code target}, replacing it (an empty file if {@code path}
     * is missing). Copy mode and resync build a changed file beside the old one from the backup's own
     * bytes plus the changed blocks, then rename it into place, so the backup never shows a half-made file.
     */
    record CopyFile(String path, String target) implements Operation {
        public CopyFile {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(target, "target");
        }
    }

    /** Deletes a file if it exists. */
    record Delete(String path) implements Operation {
        public Delete {
            Objects.requireNonNull(path, "path");
        }
    }

    /** Creates a directory (and missing parents) if missing. */
    record Mkdir(String path) implements Operation {
        public Mkdir {
            Objects.requireNonNull(path, "path");
        }
    }

    /** Removes an empty directory if it exists. */
    record Rmdir(String path) implements Operation {
        public Rmdir {
            Objects.requireNonNull(path, "path");
        }
    }

    /**
     * Sets POSIX permission bits (low 9 bits; {@link #UNCHANGED_PERMISSIONS} to leave them) and the
     * last-modified time in milliseconds ({@link #UNCHANGED_TIME} to leave it).
     */
    record SetAttributes(String path, int permissions, long modifiedMillis) implements Operation {
        public static final int UNCHANGED_PERMISSIONS = -1;
        public static final long UNCHANGED_TIME = Long.MIN_VALUE;

        public SetAttributes {
            Objects.requireNonNull(path, "path");
            if (permissions != UNCHANGED_PERMISSIONS && (permissions & ~0777) != 0) {
                throw new IllegalArgumentException("permissions of " + path + " must be 9 bits, not 0"
                        + Integer.toOctalString(permissions));
            }
        }
    }
}
