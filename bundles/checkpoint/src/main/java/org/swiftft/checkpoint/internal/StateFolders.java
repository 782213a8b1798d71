package org.swiftft.checkpoint.internal;

import java.nio.file.Path;
import java.util.Map;

import org.osgi.framework.BundleContext;

/** Where applications' and components' state lives: {@code HOME/state/NAME}, as the detector hands it out. */
final class StateFolders {

    private StateFolders() {
    }

    static Path of(BundleContext context) {
        String home = context.getProperty("swift.home");
        return Path.of(home == null ? "." : home, "state").toAbsolutePath().normalize();
    }

    /**
     * A runtime component's state folder, {@code state/@NAME}: '@' is in no application's name, so a
     * component never takes over an application's checkpoints or journal (nor the reverse).
     */
    static Path component(BundleContext context, String name) throws java.io.IOException {
        return create(of(context).resolve("@" + name));
    }

    /** A component's own state folder, private to the runtime's user like an application's. */
    static Path create(Path folder) throws java.io.IOException {
        if (!java.nio.file.Files.isDirectory(folder)) {
            java.nio.file.Files.createDirectories(folder, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
        }
        return folder;
    }

    /** FileInstall names a factory configuration after its file: org.swiftft.checkpoint-NAME.cfg gives a pid ending ~NAME. */
    static String nameFrom(Map<String, Object> properties) {
        String pid = String.valueOf(properties.get("service.pid"));
        int tilde = pid.lastIndexOf('~');
        return tilde >= 0 ? pid.substring(tilde + 1) : pid;
    }
}
