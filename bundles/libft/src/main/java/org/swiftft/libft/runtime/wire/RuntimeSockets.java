package org.swiftft.libft.runtime.wire;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Where the runtime's local sockets for applications live: {@code HOME/run}, or, when a socket path
 * there would not fit a Unix socket address (a deep install), a folder of the runtime's user under
 * the temporary directory, named after the home. Every such socket shares the folder, so an
 * application that knows one (from {@code SWIFT_CONTROL}) finds the others beside it.
 */
public final class RuntimeSockets {

    /** The application control socket (libft's runtime connection). */
    public static final String APPLICATION = "app.sock";
    /** The longest socket name kept in the folder (replication's writer socket). */
    private static final String LONGEST_NAME = "replication.sock";
    /** sun_path holds 108 bytes with its terminating NUL. */
    private static final int MAX_SOCKET_PATH_BYTES = 107;

    private RuntimeSockets() {
    }

    /** The folder, not created. */
    public static Path folder(Path home) throws IOException {
        Path run = home.toAbsolutePath().normalize().resolve("run");
        if (run.resolve(LONGEST_NAME).toString().getBytes(StandardCharsets.UTF_8).length <= MAX_SOCKET_PATH_BYTES) {
            return run;
        }
        String digest;
        try {
            digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(home.toString().getBytes(StandardCharsets.UTF_8)), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
        Path folder = Path.of(System.getProperty("java.io.tmpdir"), "swift-" + digest);
        if (Files.exists(folder, LinkOption.NOFOLLOW_LINKS)
                && !Files.getOwner(folder, LinkOption.NOFOLLOW_LINKS).getName().equals(System.getProperty("user.name"))) {
            throw new IOException(folder + " belongs to another user: remove it, or install the runtime in a shorter path");
        }
        return folder;
    }
}
