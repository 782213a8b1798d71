package org.swiftft.feature.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The features of a runtime: every descriptor in {@code system/features/}, and where their bundles
 * are (a Maven repository layout under {@code system/}).
 */
public final class FeatureCatalog {

    private final Map<String, FeatureDescriptor> features;
    private final List<String> problems;
    private final Path repository;

    private FeatureCatalog(Map<String, FeatureDescriptor> features, List<String> problems, Path repository) {
        this.features = features;
        this.problems = List.copyOf(problems);
        this.repository = repository;
    }

    /**
     * Reads every {@code *.json} in {@code featuresFolder}; bundles are looked up under
     * {@code repository}. A descriptor that cannot be read is left out and named in {@link #problems()},
     * so one bad file does not hide the other features.
     *
     * @throws IOException if the folder itself cannot be read
     */
    public static FeatureCatalog load(Path featuresFolder, Path repository) throws IOException {
        Map<String, FeatureDescriptor> features = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        if (!Files.isDirectory(featuresFolder)) {
            throw new IOException("no features folder " + featuresFolder + ": is swift.home set to the runtime's folder?");
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(featuresFolder, "*.json")) {
            for (Path file : files) {
                try {
                    FeatureDescriptor feature = FeatureDescriptorReader.read(file);
                    features.put(feature.name(), feature);
                } catch (IOException e) {
                    problems.add(e.getMessage());
                }
            }
        }
        return new FeatureCatalog(features, problems, repository);
    }

    public List<FeatureDescriptor> features() {
        return List.copyOf(features.values());
    }

    /** One message per descriptor that could not be read, naming the file and what is wrong. */
    public List<String> problems() {
        return problems;
    }

    public FeatureDescriptor feature(String name) throws UnknownFeatureException {
        FeatureDescriptor feature = features.get(name);
        if (feature == null) {
            String unreadable = problems.isEmpty() ? "" : "; unreadable descriptors: " + String.join("; ", problems);
            throw new UnknownFeatureException("no feature named '" + name + "'; known features: "
                    + String.join(", ", features.keySet()) + unreadable);
        }
        return feature;
    }

    /** The feature and everything it requires, required ones first, each once. */
    public List<FeatureDescriptor> closure(String name) throws UnknownFeatureException {
        Set<String> ordered = new LinkedHashSet<>();
        visit(name, ordered, new ArrayList<>());
        List<FeatureDescriptor> closure = new ArrayList<>();
        for (String feature : ordered) {
            closure.add(features.get(feature));
        }
        return closure;
    }

    private void visit(String name, Set<String> ordered, List<String> path) throws UnknownFeatureException {
        if (path.contains(name)) {
            throw new UnknownFeatureException("features require each other in a cycle: "
                    + String.join(" -> ", path) + " -> " + name);
        }
        FeatureDescriptor feature;
        try {
            feature = feature(name);
        } catch (UnknownFeatureException e) {
            if (path.isEmpty()) {
                throw e;
            }
            throw new UnknownFeatureException("feature '" + path.get(path.size() - 1) + "' requires '" + name
                    + "', which does not exist");
        }
        path.add(name);
        for (String required : feature.requires()) {
            visit(required, ordered, path);
        }
        path.remove(path.size() - 1);
        ordered.add(name);
    }

    /** The bundle's jar: {@code group/path/artifact/version/artifact-version.jar} under the repository. */
    public Path bundleFile(String coordinates) {
        String[] parts = coordinates.split(":");
        return repository.resolve(parts[0].replace('.', '/')).resolve(parts[1]).resolve(parts[2])
                .resolve(parts[1] + "-" + parts[2] + ".jar");
    }

    /** The location a bundle is installed under: the same for the launcher, the service and the tests. */
    public String location(String coordinates) {
        return bundleFile(coordinates).toUri().toString();
    }

    /** Thrown for a feature name that no descriptor has, or a broken {@code requires} chain. */
    public static final class UnknownFeatureException extends Exception {
        private static final long serialVersionUID = 1L;

        UnknownFeatureException(String message) {
            super(message);
        }
    }
}
