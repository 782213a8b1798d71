package org.swiftft.replication.internal;

import org.swiftft.libft.files.DurableFiles;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;
import org.swiftft.replication.Role;

/**
 * A set's role and epoch as last assumed, kept in the set's state folder: once a role change (the
 * cluster's fail-over, {@code replication:role}) happened, a restarted runtime comes back in that
 * role, not in the configured one, so that a demoted primary never writes again by restarting.
 * Replaced atomically (temp, fsync, rename, fsync of the folder).
 */
record SetRoleFile(Role role, long epoch) {

    static final String FILE = "role";

    /** The assumed role, or the configured one at epoch 1 if none was ever assumed. */
    static SetRoleFile read(Path stateDirectory, Role configured) throws IOException {
        Path file = stateDirectory.resolve(FILE);
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return new SetRoleFile(configured, 1);
        }
        Properties properties = new Properties();
        properties.load(new StringReader(text));
        try {
            return new SetRoleFile(Role.valueOf(properties.getProperty("role", "").toUpperCase(Locale.ROOT)),
                    Long.parseLong(properties.getProperty("epoch", "")));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + " is damaged ('" + text.strip() + "'); write 'role = primary|backup' and "
                    + "'epoch = N' into it, N the set's newest epoch, or delete it to take the configured role at epoch 1");
        }
    }

    void write(Path stateDirectory) throws IOException {
        Files.createDirectories(stateDirectory);
        DurableFiles.replace(stateDirectory.resolve(FILE), ByteBuffer.wrap(("role = "
                + role.name().toLowerCase(Locale.ROOT) + "\nepoch = " + epoch + "\n").getBytes(StandardCharsets.UTF_8)));
    }
}
