package org.swiftft.cluster.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.swiftft.libft.peer.SharedSecret;

/**
 * {@code etc/org.swiftft.cluster.cfg}, checked: every error names the setting, says what is wrong
 * and what it may be. The secret stays out of {@link #toString()}.
 *
 * @param members every configured member's group endpoint by name, in the order configured
 */
record ClusterSettings(String clusterName, String self, Map<String, InetSocketAddress> members,
        SharedSecret secret, Discovery discovery, InetSocketAddress multicast, Duration heartbeatInterval,
        Duration heartbeatTimeout, Duration verifyTimeout, Duration joinTimeout, String tiebreaker) {

    /** How members find each other when they start. */
    enum Discovery {
        STATIC, MULTICAST
    }

    /** FD_SOCK2 listens this far above a member's group port; members on one host must not collide with it. */
    static final int FAILURE_SOCKET_OFFSET = 100;

    static final Set<String> KEYS = Set.of("name", "member", "members", "key.file", "secret", "discovery", "multicast",
            "heartbeat.interval.ms", "heartbeat.timeout.ms", "verify.timeout.ms", "join.timeout.ms",
            "quorum.tiebreaker");

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    static List<String> unknownKeys(Map<String, Object> properties) {
        return properties.keySet().stream().filter(key -> !KEYS.contains(key))
                .filter(key -> !key.startsWith("service.") && !key.startsWith("component.")
                        && !key.startsWith("felix.") && !key.startsWith("osgi."))
                .sorted().toList();
    }

    ClusterSettings {
        members = Collections.unmodifiableMap(new LinkedHashMap<>(members));
    }

    static ClusterSettings from(ClusterConfiguration config, Path home, Map<String, Object> properties)
            throws IOException {
        String clusterName = config.name().strip();
        if (!NAME.matcher(clusterName).matches()) {
            throw new IllegalArgumentException("name = '" + clusterName + "' is not a cluster name: letters, digits, . - _");
        }
        Map<String, InetSocketAddress> members = members(config.members());
        String self = config.member().strip();
        if (self.isEmpty()) {
            throw new IllegalArgumentException("member is not set: name this runtime, one of " + members.keySet());
        }
        if (!members.containsKey(self)) {
            throw new IllegalArgumentException("member = " + self + " is not in members " + members.keySet()
                    + ": add " + self + "=HOST:PORT to members on every runtime, or fix the name");
        }
        checkFailureSockets(members);
        SharedSecret secret = SharedSecret.fromSettings(config.key_file(), config.secret(), home,
                properties.get("felix.fileinstall.filename"), "every member of the cluster");
        Discovery discovery = switch (config.discovery().strip().toLowerCase(Locale.ROOT)) {
            case "static" -> Discovery.STATIC;
            case "multicast" -> Discovery.MULTICAST;
            default -> throw new IllegalArgumentException("discovery = " + config.discovery() + ": static or multicast");
        };
        InetSocketAddress multicast = endpoint("multicast", config.multicast());
        if (!multicast.getAddress().isMulticastAddress()) {
            throw new IllegalArgumentException("multicast = " + config.multicast() + " is not a multicast address (224.0.0.0/4)");
        }
        Duration interval = positive("heartbeat.interval.ms", config.heartbeat_interval_ms());
        Duration timeout = positive("heartbeat.timeout.ms", config.heartbeat_timeout_ms());
        if (timeout.compareTo(interval.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("heartbeat.timeout.ms = " + timeout.toMillis()
                    + " must be at least twice heartbeat.interval.ms = " + interval.toMillis()
                    + ", or one late heartbeat makes a suspicion");
        }
        String tiebreaker = config.quorum_tiebreaker().strip();
        if (!tiebreaker.isEmpty() && !members.containsKey(tiebreaker)) {
            throw new IllegalArgumentException("quorum.tiebreaker = " + tiebreaker + " is not one of members " + members.keySet());
        }
        return new ClusterSettings(clusterName, self, members, secret, discovery, multicast, interval, timeout,
                positive("verify.timeout.ms", config.verify_timeout_ms()),
                positive("join.timeout.ms", config.join_timeout_ms()), tiebreaker);
    }

    InetSocketAddress endpoint() {
        return members.get(self);
    }

    Quorum quorum() {
        return new Quorum(members.size(), tiebreaker);
    }

    /** The settings every member must share, in a fixed order: what the configuration hash covers. */
    Map<String, String> shared() {
        Map<String, String> shared = new TreeMap<>();
        shared.put("cluster.name", clusterName);
        List<String> entries = new ArrayList<>();
        members.forEach((name, address) -> entries.add(name + "=" + address.getHostString() + ":" + address.getPort()));
        Collections.sort(entries);
        shared.put("cluster.members", String.join(",", entries));
        shared.put("cluster.quorum.tiebreaker", tiebreaker);
        return shared;
    }

    private static Map<String, InetSocketAddress> members(String[] values) {
        Map<String, InetSocketAddress> members = new LinkedHashMap<>();
        for (String value : values) {
            for (String entry : value.split("[,\\s]+")) {
                if (entry.isBlank()) {
                    continue;
                }
                int equals = entry.indexOf('=');
                if (equals < 0) {
                    throw new IllegalArgumentException("members: '" + entry + "' is not NAME=HOST:PORT");
                }
                String name = entry.substring(0, equals);
                if (!NAME.matcher(name).matches()) {
                    throw new IllegalArgumentException("members: '" + name + "' is not a member name: letters, digits, . - _");
                }
                if (members.put(name, endpoint("members: " + name, entry.substring(equals + 1))) != null) {
                    throw new IllegalArgumentException("members: " + name + " is listed twice");
                }
            }
        }
        if (members.isEmpty()) {
            throw new IllegalArgumentException("members is empty: list every member as NAME=HOST:PORT, this one included");
        }
        Map<InetSocketAddress, String> byAddress = new java.util.HashMap<>();
        members.forEach((name, address) -> {
            String other = byAddress.put(address, name);
            if (other != null) {
                throw new IllegalArgumentException("members: " + other + " and " + name + " have the same endpoint " + address);
            }
        });
        return members;
    }

    /** Each member's FD_SOCK2 listens at its port + 100; on a shared host that must not be another member's port. */
    private static void checkFailureSockets(Map<String, InetSocketAddress> members) {
        members.forEach((name, address) -> members.forEach((other, otherAddress) -> {
            if (address.getAddress().equals(otherAddress.getAddress())
                    && address.getPort() + FAILURE_SOCKET_OFFSET == otherAddress.getPort()) {
                throw new IllegalArgumentException("members: " + name + " listens for failure detection at port "
                        + otherAddress.getPort() + " (its port + " + FAILURE_SOCKET_OFFSET + "), which is " + other
                        + "'s endpoint: choose ports that are not " + FAILURE_SOCKET_OFFSET + " apart on one host");
            }
        }));
    }

    private static InetSocketAddress endpoint(String setting, String value) {
        String text = value.strip();
        int colon = text.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException(setting + " = '" + text + "' is not HOST:PORT");
        }
        String host = text.substring(0, colon);
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(setting + " = '" + text + "': the port is not a number");
        }
        if (port < 1 || port > 65_535 - FAILURE_SOCKET_OFFSET) {
            throw new IllegalArgumentException(setting + " = '" + text + "': the port must be 1 to " + (65_535 - FAILURE_SOCKET_OFFSET));
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(setting + " = '" + text + "': " + host + " does not resolve");
        }
    }

    private static Duration positive(String key, long millis) {
        if (millis <= 0) {
            throw new IllegalArgumentException(key + " = " + millis + " must be positive");
        }
        return Duration.ofMillis(millis);
    }

    @Override
    public String toString() {
        return "ClusterSettings[" + clusterName + ", member " + self + " of " + members.keySet() + "]";
    }
}
