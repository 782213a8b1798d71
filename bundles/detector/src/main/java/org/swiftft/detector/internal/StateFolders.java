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

    static final String ENV_STATE = "SWIFT_STATE";

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
        if (identity != null) {
            Files.setAttribute(folder, "unix:uid", Integer.parseInt(identity.uid()), LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(folder, "unix:gid", Integer.parseInt(identity.gid()), LinkOption.NOFOLLOW_LINKS);
        }
        return folder;
    }
}
