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

    /**
     * What every Pax Exam test of the runtime starts with: a fresh copy of the runtime as swift.home,
     * FileInstall on a folder of its own (so the copy's etc/*.cfg do not race the test's configuration),
     * a headless Gogo, and the bundles of the named features at the locations the runtime uses.
     */
    static java.util.List<org.ops4j.pax.exam.Option> paxOptions(String name, String... features) throws Exception {
        Path home = freshHome(name);
        Files.createDirectories(home.resolve("etc-test"));
        java.util.List<org.ops4j.pax.exam.Option> options = new java.util.ArrayList<>();
        options.add(org.ops4j.pax.exam.CoreOptions.frameworkProperty("swift.home").value(home.toString()));
        options.add(org.ops4j.pax.exam.CoreOptions.frameworkProperty("felix.fileinstall.dir")
                .value(home.resolve("etc-test").toString()));
        options.add(org.ops4j.pax.exam.CoreOptions.frameworkProperty("felix.fileinstall.enableConfigSave").value("false"));
        options.add(org.ops4j.pax.exam.CoreOptions.frameworkProperty("gosh.args").value("--nointeractive --noshutdown"));
        options.add(org.ops4j.pax.exam.CoreOptions.systemProperty("org.jline.terminal.dumb").value("true"));
        options.add(org.ops4j.pax.exam.CoreOptions.systemProperty("swift.itest.home").value(home.toString()));
        List<String> locations = locations(home, features);
        options.add(org.ops4j.pax.exam.CoreOptions.systemProperty("swift.itest.locations").value(String.join("|", locations)));
        for (String location : locations) {
            options.add(org.ops4j.pax.exam.CoreOptions.bundle(location));
        }
        options.add(org.ops4j.pax.exam.CoreOptions.junitBundles());
        options.add(org.ops4j.pax.exam.CoreOptions.cleanCaches(true));
        return options;
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
