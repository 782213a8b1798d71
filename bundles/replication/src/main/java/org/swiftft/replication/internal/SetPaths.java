package org.swiftft.replication.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Confines paths from the wire to a replication set's directory. A path must be relative, use '/'
 * separators and contain no empty, {@code .} or {@code ..} segment; and no symlink met on the way
 * (the operations never create one, so it was put there by someone else) may lead outside or
 * dangle. The backup's directory must not be written by anyone else, so a check made just before
 * applying holds when applying.
 */
public final class SetPaths {

    private final Path root;

    /** @param directory the set's directory; it must exist */
    public SetPaths(Path directory) throws IOException {
        this.root = directory.toRealPath();
    }

    public Path root() {
        return root;
    }

    /** The lexical rules alone: what a receiver checks before logging an operation. */
    public static void checkLexically(String path, String source) throws PathRefusedException {
        if (path.isEmpty() || path.startsWith("/") || path.indexOf('\0') >= 0) {
            throw refused(path, source, "it must be a non-empty relative path without NUL characters");
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw refused(path, source, "it must not contain empty, '.' or '..' segments");
            }
        }
    }

    /**
     * Where {@code path} lies under the set's directory, checked lexically and against the symlinks
     * that exist now.
     */
    public Path resolve(String path, String source) throws PathRefusedException {
        checkLexically(path, source);
        Path current = root;
        String[] segments = path.split("/");
        for (int i = 0; i < segments.length; i++) {
            current = current.resolve(segments[i]);
            if (!Files.isSymbolicLink(current)) {
                if (!Files.exists(current, LinkOption.NOFOLLOW_LINKS)) {
                    // Nothing exists below a missing entry, so no further symlink can be met.
                    return current.resolve(String.join("/", java.util.Arrays.copyOfRange(segments, i + 1,
                            segments.length)));
                }
                continue;
            }
            current = followLink(current, path, source);
        }
        return current;
    }

    private Path followLink(Path link, String path, String source) throws PathRefusedException {
        Path real;
        try {
            real = link.toRealPath();
        } catch (IOException e) {
            throw refused(path, source, "the symlink " + root.relativize(link) + " dangles");
        }
        if (!real.startsWith(root)) {
            throw refused(path, source, "the symlink " + root.relativize(link) + " leads outside to " + real);
        }
        return real;
    }

    private static PathRefusedException refused(String path, String source, String why) {
        return new PathRefusedException(source + ": path '" + path + "' refused, " + why
                + "; nothing was written. The primary's writer must only name files inside the set's directory");
    }
}
