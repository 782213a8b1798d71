package org.swiftft.replication.internal;

import org.swiftft.libft.peer.SharedSecret;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.swiftft.replication.ConsistencyLevel;
import org.swiftft.replication.ReplicationMode;
import org.swiftft.replication.ReplicationSetSpec;
import org.swiftft.replication.Role;

/**
 * One set's configuration, checked: each setting on its own, so that a message names the one that
 * is wrong and what it may be. The secret stays out of {@link #spec()}.
 */
record SetSettings(String name, Path directory, ReplicationMode mode, ConsistencyLevel level, Role role,
        List<InetSocketAddress> peers, InetSocketAddress listen, SharedSecret secret, Duration quiet,
        long logCapBytes, long backpressureBytes, Duration degradeAfter, ReplicationSetSpec spec) {

    private static final int DEFAULT_PORT = 7400;
    /** The settings a set's file may hold; anything else is a typo, said so rather than ignored. */
    static final Set<String> KEYS = Set.of("name", "directory", "mode", "level", "role", "peers", "listen", "key.file",
            "secret", "quiet.ms", "log.cap.bytes", "backpressure.bytes", "degrade.after.ms");

    /** Keys of the configuration that no setting has (framework properties aside). */
    static List<String> unknownKeys(Map<String, Object> properties) {
        return properties.keySet().stream().filter(key -> !KEYS.contains(key))
                .filter(key -> !key.startsWith("service.") && !key.startsWith("component.")
                        && !key.startsWith("felix.") && !key.startsWith("osgi."))
                .sorted().toList();
    }

    static SetSettings of(ReplicationSetConfiguration config, String name, Path home, Map<String, Object> properties)
            throws IOException {
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw new IllegalArgumentException("set name '" + name + "' may hold only letters, digits, '.', '_' and '-'");
        }
        if (config.directory().isBlank()) {
            throw new IllegalArgumentException("directory is missing: name the directory to replicate");
        }
        Path directory = home.resolve(config.directory().strip()).toAbsolutePath().normalize();
        if (!Files.isDirectory(directory.getParent())) {
            throw new IllegalArgumentException("directory = " + config.directory() + ": " + directory.getParent()
                    + " does not exist; check the path, or create it (mkdir -p) if it is the one you mean");
        }
        ReplicationMode mode = choice("mode", config.mode(), ReplicationMode.class);
        ConsistencyLevel level = choice("level", config.level(), ConsistencyLevel.class);
        Role role = choice("role", config.role(), Role.class);
        List<InetSocketAddress> peers = new ArrayList<>();
        for (String entry : config.peers()) {
            for (String peer : entry.split("[,\\s]+")) { // a .cfg file gives one string: commas or spaces
                if (!peer.isBlank()) {
                    peers.add(address("peers", peer.strip(), null));
                }
            }
        }
        if (config.listen().isBlank()) {
            throw new IllegalArgumentException("listen is missing: name the host:port where this runtime accepts the "
                    + "set's primary (e.g. listen = 127.0.0.1:" + DEFAULT_PORT + "; give each runtime its own)");
        }
        InetSocketAddress listen = address("listen", config.listen().strip(), InetAddress.getLoopbackAddress());
        atLeast("quiet.ms", config.quiet_ms(), 1);
        atLeast("log.cap.bytes", config.log_cap_bytes(), 8L << 20); // four segments of a largest operation
        atLeast("backpressure.bytes", config.backpressure_bytes(), 1L << 20);
        atLeast("degrade.after.ms", config.degrade_after_ms(), 0);
        SharedSecret secret = secret(config, home, properties);

        ReplicationSetSpec spec = new ReplicationSetSpec();
        spec.name = name;
        spec.directory = directory.toString();
        spec.mode = mode;
        spec.level = level;
        spec.role = role;
        spec.peers = peers.stream().map(SetSettings::text).toList();
        spec.listen = text(listen);
        spec.keyFile = config.key_file().isBlank() ? null : home.resolve(config.key_file().strip()).toString();
        spec.quietMillis = config.quiet_ms();
        spec.logCapBytes = config.log_cap_bytes();
        spec.backpressureBytes = config.backpressure_bytes();
        return new SetSettings(name, directory, mode, level, role, List.copyOf(peers), listen, secret,
                Duration.ofMillis(config.quiet_ms()), config.log_cap_bytes(), config.backpressure_bytes(),
                Duration.ofMillis(config.degrade_after_ms()), spec);
    }

    private static <E extends Enum<E>> E choice(String key, String value, Class<E> type) {
        try {
            return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            List<String> allowed = new ArrayList<>();
            for (E constant : type.getEnumConstants()) {
                allowed.add(constant.name().toLowerCase(Locale.ROOT));
            }
            throw new IllegalArgumentException(key + " = " + value + " is not one of " + String.join(", ", allowed));
        }
    }

    /** host:port; a bare port means {@code defaultHost} (refused where there is none). */
    static InetSocketAddress address(String key, String value, InetAddress defaultHost) {
        int colon = value.lastIndexOf(':');
        String host = colon < 0 ? "" : value.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(value.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 1 || port > 65535 || (host.isEmpty() && defaultHost == null)) {
            throw new IllegalArgumentException(key + ": '" + value + "' is not host:port (e.g. 192.0.2.7:" + DEFAULT_PORT + ")");
        }
        return host.isEmpty() ? new InetSocketAddress(defaultHost, port) : new InetSocketAddress(host, port);
    }

    static String text(InetSocketAddress address) {
        return address.getHostString() + ":" + address.getPort();
    }

    private static void atLeast(String key, long value, long least) {
        if (value < least) {
            throw new IllegalArgumentException(key + " = " + value + " must be at least " + least);
        }
    }

    /** From the key file, or from the configuration itself if nobody else can read that file. */
    private static SharedSecret secret(ReplicationSetConfiguration config, Path home, Map<String, Object> properties)
            throws IOException {
        return SharedSecret.fromSettings(config.key_file(), config.secret(), home,
                properties.get("felix.fileinstall.filename"), "every runtime of the set");
    }
}
