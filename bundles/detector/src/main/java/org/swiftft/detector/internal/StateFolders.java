package org.swiftft.detector.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Each application's folder for its checkpoints and journals, {@code HOME/state/NAME}, handed to it
 * as {@code SWIFT_STATE}: libft keeps its files there, the runtime's catalogs read them, replication
 * ships them. {@code state/} may be passed through by anyone but not listed (0711), so an application
 * running as another user reaches its own folder (0700, owned by it), and nobody else's.
 */
final class StateFolders {

    static final String ENV_STATE = "SWIFT_STATE"; // as libft's StateLayout.ENV_STATE, which this bundle does not import

    private final Path root;

    StateFolders(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** The application's folder, created if need be and owned by the user it runs as. */
    Path prepare(String application, ProcessGroups.Identity identity) throws IOException {
        Files.createDirectories(root);
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx--x--x"));
        Path folder = root.resolve(application);
        if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectory(folder, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        if (identity != null && !ownedBy(folder, Integer.parseInt(identity.uid()), Integer.parseInt(identity.gid()))) {
            // a new folder, or the watch file's user changed: not walked again at every restart
            giveTo(folder, Integer.parseInt(identity.uid()), Integer.parseInt(identity.gid()));
        }
        return folder;
    }

    /**
     * The folder and everything in it, to the user the application runs as: when a watch file's
     * {@code user} changes, the files the previous user wrote (checkpoints, journal, locks) come along.
     * Links are not followed, so nothing outside the folder changes hands.
     */
    private static boolean ownedBy(Path path, int uid, int gid) throws IOException {
        return Integer.valueOf(uid).equals(Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS))
                && Integer.valueOf(gid).equals(Files.getAttribute(path, "unix:gid", LinkOption.NOFOLLOW_LINKS));
    }

    private static void giveTo(Path folder, int uid, int gid) throws IOException {
        try (java.util.stream.Stream<Path> paths = Files.walk(folder)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                if (!Integer.valueOf(uid).equals(Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS))) {
                    Files.setAttribute(path, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
                }
                if (!Integer.valueOf(gid).equals(Files.getAttribute(path, "unix:gid", LinkOption.NOFOLLOW_LINKS))) {
                    Files.setAttribute(path, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
                }
            }
        }
    }
}
