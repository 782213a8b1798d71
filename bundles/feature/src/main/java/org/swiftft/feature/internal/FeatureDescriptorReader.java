package org.swiftft.feature.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.apache.felix.utils.json.JSONParser;

/** Reads one feature descriptor, with an error that names the file and the field when it is wrong. */
public final class FeatureDescriptorReader {

    private static final Pattern COORDINATES = Pattern.compile("[^:\\s]+:[^:\\s]+:[^:\\s]+");

    private FeatureDescriptorReader() {
    }

    public static FeatureDescriptor read(Path file) throws IOException {
        String fileName = file.getFileName().toString();
        String name = fileName.substring(0, fileName.length() - ".json".length());
        Map<String, Object> json;
        try {
            json = new JSONParser(Files.readString(file, StandardCharsets.UTF_8)).getParsed();
        } catch (RuntimeException e) {
            throw new IOException(file + ": not valid JSON (" + e.getMessage() + "); fix the file or remove it", e);
        }
        return new FeatureDescriptor(name, string(json.get("description")), strings(file, json, "requires"),
                bundles(file, json), configurations(file, json));
    }

    private static List<String> bundles(Path file, Map<String, Object> json) throws IOException {
        List<String> bundles = new ArrayList<>();
        for (Object entry : list(file, json, "bundles")) {
            Object id = entry instanceof Map<?, ?> map ? map.get("id") : entry;
            if (!(id instanceof String coordinates) || !COORDINATES.matcher(coordinates).matches()) {
                throw new IOException(file + ": bundle entry " + entry
                        + " is not \"group:artifact:version\" nor {\"id\": \"group:artifact:version\"}");
            }
            bundles.add(coordinates);
        }
        return bundles;
    }

    private static List<String> strings(Path file, Map<String, Object> json, String field) throws IOException {
        List<String> strings = new ArrayList<>();
        for (Object entry : list(file, json, field)) {
            if (!(entry instanceof String s)) {
                throw new IOException(file + ": \"" + field + "\" must list names, found " + entry);
            }
            strings.add(s);
        }
        return strings;
    }

    private static List<?> list(Path file, Map<String, Object> json, String field) throws IOException {
        Object value = json.get(field);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            throw new IOException(file + ": \"" + field + "\" must be a JSON array");
        }
        return list;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> configurations(Path file, Map<String, Object> json)
            throws IOException {
        Object value = json.get("configurations");
        Map<String, Map<String, Object>> configurations = new LinkedHashMap<>();
        if (value == null) {
            return configurations;
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw new IOException(file + ": \"configurations\" must be an object of PID to properties");
        }
        for (Map.Entry<?, ?> pid : map.entrySet()) {
            if (!(pid.getValue() instanceof Map<?, ?> properties)) {
                throw new IOException(file + ": configuration \"" + pid.getKey() + "\" must be an object");
            }
            configurations.put((String) pid.getKey(), (Map<String, Object>) properties);
        }
        return configurations;
    }

    private static String string(Object value) {
        return value == null ? "" : value.toString();
    }
}
