package org.swiftft.cluster.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The keys a member derives from the cluster's shared secret: one to encrypt payloads, one to sign
 * every message, one for the join token. Separate keys, so that no use of one helps against another.
 * The cluster name salts the derivation, so two clusters sharing a secret by mistake still do not mix.
 */
final class ClusterKeys {

    /** Enough iterations to slow a dictionary attack on a weak inline secret; derived once per start. */
    private static final int ITERATIONS = 20_000;

    private final SecretKey encryption;
    private final byte[] signing;
    private final byte[] joining;

    private ClusterKeys(byte[] material) {
        encryption = new SecretKeySpec(Arrays.copyOfRange(material, 0, 32), "AES");
        signing = Arrays.copyOfRange(material, 32, 64);
        joining = Arrays.copyOfRange(material, 64, 96);
    }

    static ClusterKeys derive(byte[] secret, String clusterName) {
        char[] password = new String(secret, StandardCharsets.ISO_8859_1).toCharArray();
        try {
            PBEKeySpec spec = new PBEKeySpec(password, ("swiftft-cluster:" + clusterName).getBytes(StandardCharsets.UTF_8),
                    ITERATIONS, 96 * 8);
            byte[] material = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
            spec.clearPassword();
            return new ClusterKeys(material);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM cannot derive keys with PBKDF2WithHmacSHA256", e);
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    SecretKey encryption() {
        return encryption;
    }

    byte[] signing() {
        return signing.clone();
    }

    byte[] joining() {
        return joining.clone();
    }
}
