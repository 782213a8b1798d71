package org.swiftft.libft.peer;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.Set;

/**
 * A shared secret: the key peers prove to each other (a replication set's handshake, a cluster's
 * join and messages). Never shown, logged
 * or put in a DTO; {@link #toString()} says so.
 */
public final class SharedSecret {

    /** Shorter secrets are guessable offline from one captured handshake. */
    public static final int MIN_BYTES = 16;

    private final byte[] key;

    public SharedSecret(byte[] key) {
        if (key.length < MIN_BYTES) {
            throw new IllegalArgumentException("a shared secret needs at least " + MIN_BYTES + " bytes, not "
                    + key.length);
        }
        this.key = key.clone();
    }

    /**
     * Reads the secret from a key file, which must be readable by its owner only (mode 0600 or
     * 0400), so that a misconfigured file is found at start rather than after it leaked.
     */
    public static SharedSecret load(Path keyFile) throws IOException {
        if (!Files.isRegularFile(keyFile)) {
            throw new IOException("key file " + keyFile + " does not exist: create it with head -c 32 /dev/urandom > "
                    + keyFile + "; chmod 600 " + keyFile + ", and copy it to every runtime of the set");
        }
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(keyFile);
        for (PosixFilePermission p : permissions) {
            if (p != PosixFilePermission.OWNER_READ && p != PosixFilePermission.OWNER_WRITE) {
                throw new IOException("key file " + keyFile + " is readable or writable by others ("
                        + permissions + "); run chmod 600 " + keyFile);
            }
        }
        byte[] bytes = Files.readAllBytes(keyFile);
        try {
            return new SharedSecret(bytes);
        } catch (IllegalArgumentException e) {
            throw new IOException("key file " + keyFile + ": " + e.getMessage()
                    + "; generate one with: head -c 32 /dev/urandom > " + keyFile, e);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /**
     * The secret from a configuration that names a key file or holds the secret inline; inline only
     * if the configuration file is readable by its owner alone.
     *
     * @param keyFile    the key.file setting, blank if none
     * @param secret     the secret setting, blank if none
     * @param home       the runtime's folder, against which a relative key file is resolved
     * @param configFile the configuration's felix.fileinstall.filename (a file: URI), or {@code null}
     * @param peers      who else must hold it, for the messages ("every runtime of the set")
     * @throws IllegalArgumentException when neither or both are given, or the secret is too short
     */
    public static SharedSecret fromSettings(String keyFile, String secret, Path home, Object configFile,
            String peers) throws IOException {
        boolean inKeyFile = !keyFile.isBlank();
        boolean inline = !secret.isBlank();
        if (inKeyFile == inline) {
            throw new IllegalArgumentException(inline ? "give key.file or secret, not both"
                    : "no secret: set key.file to a file of at least " + MIN_BYTES + " random bytes "
                    + "(head -c 32 /dev/urandom > etc/NAME.key; chmod 600 etc/NAME.key), the same on " + peers);
        }
        if (inKeyFile) {
            return load(home.resolve(keyFile.strip()));
        }
        if (configFile != null) {
            Path cfg = Path.of(URI.create(String.valueOf(configFile)));
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(cfg);
            permissions.removeAll(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
            if (!permissions.isEmpty()) {
                throw new IllegalArgumentException(cfg + " holds a secret and is readable or writable by others: "
                        + "run chmod 600 " + cfg + ", or move the secret to a key.file");
            }
        }
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        if (bytes.length < MIN_BYTES) {
            throw new IllegalArgumentException("secret has " + bytes.length + " bytes; it needs at least " + MIN_BYTES);
        }
        return new SharedSecret(bytes);
    }

    /** The key itself; callers must not keep or show it beyond deriving keys from it. */
    public byte[] key() {
        return key.clone();
    }

    @Override
    public String toString() {
        return "SharedSecret[hidden]";
    }
}
