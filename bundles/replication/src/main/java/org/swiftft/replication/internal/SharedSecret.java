package org.swiftft.replication.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.Set;

/**
 * A set's shared secret: the key of the challenge-response between its peers. Never shown, logged
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

    byte[] key() {
        return key;
    }

    @Override
    public String toString() {
        return "SharedSecret[hidden]";
    }
}
