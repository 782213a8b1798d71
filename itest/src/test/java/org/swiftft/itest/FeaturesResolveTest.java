package org.swiftft.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.swiftft.feature.internal.FeatureCatalog;
import org.swiftft.feature.internal.FeatureDescriptor;
import org.swiftft.feature.internal.FeatureInstaller;

/**
 * The build's check that every feature resolves against the features it requires: each one is
 * installed alone, with its requirements, into a fresh Felix (the same resolver the runtime uses) and
 * every bundle must start. A feature that cannot resolve fails the build.
 */
class FeaturesResolveTest {

    @TempDir
    Path storage;

    @TestFactory
    List<DynamicTest> everyFeatureResolvesAndStartsWithWhatItRequires() {
        Path home = TestRuntime.distribution();
        FeatureCatalog catalog = TestRuntime.catalog(home);
        return catalog.features().stream().map(feature -> DynamicTest.dynamicTest(feature.name(), () -> {
            Framework framework = framework(storage.resolve(feature.name()));
            try {
                new FeatureInstaller(framework.getBundleContext(), catalog).install(catalog.closure(feature.name()));
                for (FeatureDescriptor required : catalog.closure(feature.name())) {
                    for (String coordinates : required.bundles()) {
                        Bundle bundle = framework.getBundleContext().getBundle(catalog.location(coordinates));
                        assertEquals(Bundle.ACTIVE, bundle.getState(), coordinates + " in feature " + feature.name());
                    }
                }
            } finally {
                framework.stop();
                framework.waitForStop(10_000);
            }
        })).toList();
    }

    @Test
    void featureThatCannotResolveNamesTheRequirementAndLeavesNothingInstalled() throws Exception {
        Path home = TestRuntime.freshHome("unresolvable");
        Path jar = home.resolve("system/org/example/needs-missing/1.0/needs-missing-1.0.jar");
        writeBundle(jar, "org.example.needs.missing", "org.example.does.not.exist");
        Files.writeString(home.resolve("system/features/broken.json"), """
                {"description": "needs a package nobody exports", "requires": ["runtime"],
                 "bundles": ["org.example:needs-missing:1.0"]}
                """);
        FeatureCatalog catalog = TestRuntime.catalog(home);
        Framework framework = framework(storage.resolve("broken"));
        try {
            FeatureInstaller installer = new FeatureInstaller(framework.getBundleContext(), catalog);
            installer.install(catalog.closure("runtime"));
            int before = framework.getBundleContext().getBundles().length;
            FeatureInstaller.InstallException error = assertThrows(FeatureInstaller.InstallException.class,
                    () -> installer.install(catalog.closure("broken")));
            assertTrue(error.getMessage().contains("org.example.does.not.exist"), error.getMessage());
            assertEquals(before, framework.getBundleContext().getBundles().length, "rolled back");
            assertTrue(Arrays.stream(framework.getBundleContext().getBundles())
                    .filter(b -> b.getBundleId() != 0).allMatch(b -> b.getState() == Bundle.ACTIVE));
        } finally {
            framework.stop();
            framework.waitForStop(10_000);
        }
    }

    private static void writeBundle(Path jar, String symbolicName, String importedPackage) throws Exception {
        Files.createDirectories(jar.getParent());
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", symbolicName);
        main.putValue("Import-Package", importedPackage);
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            out.flush();
        }
    }

    private static Framework framework(Path storage) throws Exception {
        Map<String, String> properties = new HashMap<>();
        properties.put("org.osgi.framework.storage", storage.toString());
        properties.put("org.osgi.framework.storage.clean", "onFirstInit");
        properties.put("felix.fileinstall.dir", storage.resolve("etc").toString());
        properties.put("gosh.args", "--nointeractive --noshutdown");
        properties.put("org.jline.terminal.dumb", "true");
        Framework framework = ServiceLoader.load(FrameworkFactory.class).iterator().next().newFramework(properties);
        framework.start();
        return framework;
    }
}
