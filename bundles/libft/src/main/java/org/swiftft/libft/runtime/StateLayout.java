package org.swiftft.libft.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Where the runtime keeps critical state, one folder each: {@code HOME/state/APPLICATION} for an
 * application (handed to it as {@value #ENV_STATE}), {@code HOME/state/@NAME} for a runtime component
 * ('@' is in no application's name, so neither can take over the other's checkpoints or journal).
 * Catalogs read every folder under {@code state/}; replication ships them.
 */
public final class StateLayout {

    /** The application's own folder, set for every process the runtime launches. */
    public static final String ENV_STATE = "SWIFT_STATE";

    private StateLayout() {
    }

    /** {@code HOME/state}, absolute. */
    public static Path root(Path home) {
        return home.resolve("state").toAbsolutePath().normalize();
    }

    /** A runtime component's folder, created private to the runtime's user (0700) if need be. */
    public static Path component(Path home, String name) throws IOException {
        Path folder = root(home).resolve("@" + name);
        if (!Files.isDirectory(folder)) {
            Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        return folder;
    }
}
