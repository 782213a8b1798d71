package org.swiftft.itest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

import org.swiftft.feature.internal.FeatureCatalog;

/** The distribution the build assembled, and fresh copies of it for tests that change files. */
final class TestRuntime {

    private TestRuntime() {
    }

    static Path distribution() {
        Path dist = Path.of(System.getProperty("swift.dist", "../distribution/target/swift-0.1.0-SNAPSHOT"));
        if (!Files.isDirectory(dist.resolve("system/features"))) {
            throw new IllegalStateException(dist + " is not an assembled runtime: build the distribution module first");
        }
        return dist.toAbsolutePath().normalize();
    }

    /** A copy of the runtime's tree (without data/) under target/, owned by one test. */
    static Path freshHome(String name) {
        Path home = Path.of("target", "homes", name + "-" + System.nanoTime()).toAbsolutePath();
        copyTree(distribution(), home);
        return home;
    }

    static FeatureCatalog catalog(Path home) {
        try {
            return FeatureCatalog.load(home.resolve("system/features"), home.resolve("system"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void copyTree(Path from, Path to) {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : (Iterable<Path>) files::iterator) {
                Path relative = from.relativize(source);
                if (relative.startsWith("data")) {
                    continue;
                }
                Path target = to.resolve(relative.toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every bundle location of the named features, in install order, each once. */
    static List<String> locations(Path home, String... features) throws Exception {
        FeatureCatalog catalog = catalog(home);
        java.util.LinkedHashSet<String> locations = new java.util.LinkedHashSet<>();
        for (String feature : features) {
            for (var descriptor : catalog.closure(feature)) {
                descriptor.bundles().forEach(coordinates -> locations.add(catalog.location(coordinates)));
            }
        }
        return List.copyOf(locations);
    }
}
