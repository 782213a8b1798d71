package org.swiftft.launcher;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The runtime's settings: built-in defaults, overridden by {@code etc/swift.properties}. Every
 * property is also a framework property, so bundles read them through their bundle context;
 * {@code ${swift.home}} in a value is replaced by the runtime's folder.
 */
final class LauncherProperties {

    static final String HOME = "swift.home";
    static final String BOOT_FEATURES = "swift.features.boot";
    static final String FILE = "etc/swift.properties";

    private LauncherProperties() {
    }

    static Map<String, String> load(Path home, boolean background) throws IOException {
        Map<String, String> properties = new HashMap<>(defaults(background));
        Path file = home.resolve(FILE);
        if (Files.isRegularFile(file)) {
            Properties fromFile = new Properties();
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
                fromFile.load(reader);
            } catch (IllegalArgumentException e) {
                throw new IOException(file + ": " + e.getMessage() + " (fix the line or remove the file)", e);
            }
            fromFile.stringPropertyNames().forEach(name -> properties.put(name, fromFile.getProperty(name).strip()));
        } else {
            System.err.println("SwiFT: no " + file + ": starting with the built-in settings (features: default)");
        }
        String homeText = home.toString();
        properties.replaceAll((name, value) -> value.replace("${swift.home}", homeText));
        properties.put(HOME, homeText);
        return properties;
    }

    private static Map<String, String> defaults(boolean background) {
        Map<String, String> defaults = new HashMap<>();
        defaults.put(BOOT_FEATURES, "default");
        defaults.put("org.osgi.framework.storage", "${swift.home}/data/cache");
        // The runtime starts from etc/ every time: features installed live are not carried over.
        defaults.put("org.osgi.framework.storage.clean", "onFirstInit");
        defaults.put("felix.fileinstall.dir", "${swift.home}/etc");
        defaults.put("felix.fileinstall.filter", ".*\\.cfg");
        // Config save on would let FileInstall rewrite (and sometimes wipe) an operator's etc/*.cfg.
        defaults.put("felix.fileinstall.enableConfigSave", "false");
        defaults.put("felix.fileinstall.noInitialDelay", "true");
        defaults.put("felix.fileinstall.poll", "1000");
        defaults.put("felix.fileinstall.log.level", "2");
        // A dropped bundle that satisfies some bundle's optional import must not refresh FileInstall
        // itself: that refresh deadlocks FileInstall (seen with Config Admin's optional coordinator import).
        defaults.put("felix.fileinstall.optionalImportRefreshScope", "managed");
        defaults.put("felix.log.maxSize", "1000");
        // Bundles log through the OSGi Log Service; INFO shows what the runtime decided and why.
        defaults.put("org.osgi.service.log.admin.loglevel", "INFO");
        defaults.put("gosh.args", background ? "--nointeractive --noshutdown" : "");
        return defaults;
    }
}
