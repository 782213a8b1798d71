package org.swiftft.cluster.internal;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * The hash members compare at join: over the cluster settings every member must share and over each
 * clustered application's watch configuration, so that members disagreeing on what to run where
 * refuse each other instead of failing over into a different application. The operator copies
 * these files; the hash says whether the copies match.
 */
final class ConfigurationHash {

    /** Set by Config Admin and FileInstall, not by the operator; they differ between hosts. */
    private static final Set<String> LOCAL_KEYS = Set.of("service.pid", "service.factoryPid", "service.bundleLocation",
            "felix.fileinstall.filename", "component.id", "component.name");

    private ConfigurationHash() {
    }

    /**
     * @param shared        the cluster's shared settings
     * @param applications  each clustered application's configuration, by application name
     * @return 16 hex digits (64 bits of SHA-256): enough to tell copies apart, short enough to show
     */
    static String of(Map<String, String> shared, Map<String, Dictionary<String, ?>> applications) {
        StringBuilder text = new StringBuilder();
        new TreeMap<>(shared).forEach((key, value) -> line(text, key, value));
        new TreeMap<>(applications).forEach((name, properties) -> asWritten(properties)
                .forEach((key, value) -> line(text, "app." + name + "." + key, value)));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    /**
     * The settings as the operator wrote them: from the .cfg file itself when there is one, since
     * FileInstall has already replaced ${swift.home} and the like, which differ between members
     * sharing a machine; else from Config Admin.
     */
    private static Map<String, String> asWritten(Dictionary<String, ?> properties) {
        Map<String, String> sorted = new TreeMap<>();
        Object file = properties.get("felix.fileinstall.filename");
        if (file != null) {
            Properties raw = new Properties();
            try (Reader reader = Files.newBufferedReader(Path.of(URI.create(String.valueOf(file))))) {
                raw.load(reader);
                raw.stringPropertyNames().forEach(key -> sorted.put(key, raw.getProperty(key).strip()));
                return sorted;
            } catch (IOException | IllegalArgumentException e) {
                sorted.clear(); // unreadable now: hash what Config Admin holds
            }
        }
        for (Enumeration<String> keys = properties.keys(); keys.hasMoreElements();) {
            String key = keys.nextElement();
            if (!LOCAL_KEYS.contains(key)) {
                sorted.put(key, text(properties.get(key)));
            }
        }
        return sorted;
    }

    private static void line(StringBuilder text, String key, String value) {
        text.append(key).append('=').append(value.replace("\\", "\\\\").replace("\n", "\\n")).append('\n');
    }

    private static String text(Object value) {
        if (value instanceof Object[] array) {
            return String.join(",", List.of(array).stream().map(String::valueOf).toList());
        }
        if (value instanceof java.util.Collection<?> list) {
            return String.join(",", list.stream().map(String::valueOf).toList());
        }
        return String.valueOf(value).strip();
    }
}
