package org.swiftft.libft.replication;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/**
 * A replication set's directory as the writer sees it: turns the paths an application gives into the
 * '/'-separated relative paths of the wire, and refuses, before anything is sent, a path the backups'
 * replayer would refuse — outside the directory, the directory itself, or through a symlink that
 * leads outside or dangles.
 */
final class SetDirectory {

    private final String set;
    private final Path directory;
    private final Path real;

    SetDirectory(String set, Path directory) throws IOException {
        this.set = set;
        if (!directory.isAbsolute() || !Files.isDirectory(directory)) {
            throw new NotDirectoryException("replication set '" + set + "': the runtime names " + directory
                    + " as its directory, which is not a directory here; create it, or fix the set's directory"
                    + " in the runtime's configuration");
        }
        this.directory = directory.normalize();
        this.real = directory.toRealPath();
    }

    Path path() {
        return directory;
    }

    /**
     * The wire path of {@code path}: relative to the directory (relative paths are taken from it, not
     * from the working directory) or absolute inside it.
     *
     * @throws IllegalArgumentException when the path is not inside the directory
     * @throws IOException              when a symlink on the way leads outside or dangles
     */
    String relative(Path path) throws IOException {
        Path normal = path.normalize();
        Path relative;
        if (normal.isAbsolute()) {
            if (normal.startsWith(directory)) {
                relative = directory.relativize(normal);
            } else if (normal.startsWith(real)) {
                relative = real.relativize(normal);
            } else {
                throw outside(path, "it is not inside " + directory);
            }
        } else {
            relative = normal;
        }
        if (relative.toString().isEmpty()) {
            throw outside(path, "it names the set's directory itself, not a file in it");
        }
        if (relative.startsWith("..")) {
            throw outside(path, "its '..' leads out of " + directory);
        }
        StringBuilder wire = new StringBuilder();
        for (Path name : relative) {
            wire.append(wire.length() == 0 ? "" : "/").append(name);
        }
        checkLinks(path, directory.resolve(relative));
        return wire.toString();
    }

    /** Where a wire path lies here. */
    Path local(String relative) {
        return directory.resolve(relative);
    }

    /** The deepest existing part of the path must really lie inside, as the replayer will check. */
    private void checkLinks(Path given, Path local) throws IOException {
        Path existing = local;
        while (!Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        Path target;
        try {
            target = existing.toRealPath();
        } catch (IOException e) {
            throw new IOException("replication set '" + set + "': path " + given + " is refused, the symlink "
                    + existing + " dangles; nothing was written. Write the file by its real path inside "
                    + directory, e);
        }
        if (!target.startsWith(real)) {
            throw new IOException("replication set '" + set + "': path " + given + " is refused, " + existing
                    + " leads outside the set's directory to " + target + "; nothing was written. The backups only"
                    + " replicate files inside " + directory);
        }
    }

    private IllegalArgumentException outside(Path path, String why) {
        return new IllegalArgumentException("replication set '" + set + "': path " + path + " is refused, " + why
                + "; nothing was written. Give a path relative to " + directory + " or an absolute path inside it");
    }
}
