package org.swiftft.launcher;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Where the control socket is, and how to address it. The kernel takes at most 107 bytes of socket
 * path, so a runtime installed deep in the file system addresses its socket relative to its home,
 * which both {@code bin/swiftd} and {@code bin/swift} make their working directory.
 */
final class ControlSocketPath {

    /** sun_path is 108 bytes on Linux, one of them the terminating NUL. */
    static final int MAX_PATH_BYTES = 107;

    static final String RELATIVE = "data/swift.sock";

    private final Path socket;

    ControlSocketPath(Path home) {
        this.socket = home.resolve(RELATIVE).toAbsolutePath().normalize();
    }

    Path file() {
        return socket;
    }

    /** The shortest address that reaches the socket from this process's working directory. */
    UnixDomainSocketAddress address() throws IOException {
        Path candidate = socket;
        Path cwd = Path.of("").toAbsolutePath();
        if (socket.startsWith(cwd)) {
            Path relative = cwd.relativize(socket);
            if (bytes(relative) < bytes(candidate)) {
                candidate = relative;
            }
        }
        if (bytes(candidate) > MAX_PATH_BYTES) {
            throw new IOException("the control socket path " + socket + " is " + bytes(socket)
                    + " bytes, more than the " + MAX_PATH_BYTES + " a Unix socket allows; run from the runtime's"
                    + " folder (bin/swiftd and bin/swift do) or install it in a shorter path");
        }
        return UnixDomainSocketAddress.of(candidate);
    }

    private static int bytes(Path path) {
        return path.toString().getBytes(StandardCharsets.UTF_8).length;
    }
}
