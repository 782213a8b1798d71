package org.swiftft.libft.checkpoint;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The file-system operations a checkpoint's durability rests on: creating and writing a file,
 * forcing it, renaming it into place, forcing the directory, deleting. A seam so that tests can put
 * a failing force, a full disk or a power loss (unforced writes lost) between the store and the
 * disk; everything else the store does goes to the real file system.
 */
interface CheckpointFileSystem {

    /** The real one. */
    CheckpointFileSystem REAL = new CheckpointFileSystem() {
    };

    /** Creates {@code file}, which must not exist, open for writing. */
    default FileChannel create(Path file) throws IOException {
        return FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    }

    /** Renames {@code from} to {@code to} atomically, replacing {@code to} if it exists. */
    default void move(Path from, Path to) throws IOException {
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Makes the directory's entries (creations, renames, deletions) durable. */
    default void forceDirectory(Path directory) throws IOException {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        }
    }

    /** Deletes {@code file} if it exists. */
    default void delete(Path file) throws IOException {
        Files.deleteIfExists(file);
    }
}
