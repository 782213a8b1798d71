package org.swiftft.cluster.internal;

import java.util.ArrayList;
import java.util.Dictionary;
import java.util.List;
import java.util.Set;

/**
 * A clustered application, from the cluster's keys in its watch configuration
 * ({@code etc/org.swiftft.watch-NAME.cfg}, the same file on every member):
 * <ul>
 * <li>{@code cluster.hosts}: the members it may run on, in order of preference;</li>
 * <li>{@code replication.policy}: the replication-scheme policy ({@code replication-cold} by default);</li>
 * <li>{@code cluster.replication}: replication sets carrying its state, whose roles follow its primary;</li>
 * <li>{@code cluster.port}: a port each member listens on (at its own address) and forwards to
 *     the primary, or 0 for none;</li>
 * <li>{@code cluster.service.port}: where the application listens, at its member's address.</li>
 * </ul>
 */
record ClusteredApplication(String name, List<String> hosts, String replicationPolicy, List<String> replicationSets,
        int port, int servicePort, long startTimeoutMillis) {

    static final String HOSTS = "cluster.hosts";

    ClusteredApplication {
        hosts = List.copyOf(hosts);
        replicationSets = List.copyOf(replicationSets);
    }

    /**
     * @throws IllegalArgumentException naming the key and what is wrong
     */
    static ClusteredApplication from(String name, Dictionary<String, ?> properties, Set<String> members) {
        List<String> hosts = words(properties.get(HOSTS));
        for (String host : hosts) {
            if (!members.contains(host)) {
                throw new IllegalArgumentException(HOSTS + " names " + host + ", which is not one of the cluster's members "
                        + members);
            }
        }
        if (hosts.isEmpty()) {
            throw new IllegalArgumentException(HOSTS + " is empty: name the members it may run on, most preferred first");
        }
        String policy = text(properties.get("replication.policy"), "replication-cold");
        int port = port(properties, "cluster.port");
        int servicePort = port(properties, "cluster.service.port");
        if (port != 0 && servicePort == 0) {
            throw new IllegalArgumentException("cluster.port = " + port + " needs cluster.service.port: where the"
                    + " application listens, so that the forwarder knows where to send clients");
        }
        long startTimeout = Long.parseLong(text(properties.get("start.timeout.ms"), "30000"));
        return new ClusteredApplication(name, hosts, policy, words(properties.get("cluster.replication")), port,
                servicePort, startTimeout);
    }

    int preference(String member) {
        int index = hosts.indexOf(member);
        return index < 0 ? Integer.MAX_VALUE : index;
    }

    private static int port(Dictionary<String, ?> properties, String key) {
        String value = text(properties.get(key), "0");
        try {
            int port = Integer.parseInt(value);
            if (port < 0 || port > 65_535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " = " + value + " is not a port (1 to 65535)");
        }
    }

    private static String text(Object value, String otherwise) {
        String text = value == null ? "" : String.valueOf(value).strip();
        return text.isEmpty() ? otherwise : text;
    }

    /** A list from a .cfg value: one string of words (spaces or commas), or an array. */
    private static List<String> words(Object value) {
        List<String> words = new ArrayList<>();
        if (value instanceof Object[] array) {
            for (Object item : array) {
                words.addAll(words(item));
            }
        } else if (value != null) {
            for (String word : String.valueOf(value).split("[,\\s]+")) {
                if (!word.isBlank()) {
                    words.add(word.strip());
                }
            }
        }
        return words;
    }
}
