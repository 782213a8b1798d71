package org.swiftft.cluster.internal;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jgroups.Message;
import org.jgroups.auth.AuthToken;

/**
 * What a member shows when it joins or merges (JGroups AUTH): its name, the hash of its clustered
 * configuration, and an HMAC of both under the cluster's join key. The coordinator admits it only if
 * the HMAC verifies, the name is a configured member, and the hash is its own.
 * JGroups ships no shared-secret token in 5.x.
 */
public final class MemberToken extends AuthToken {

    static final short MAGIC = 3100;

    /** Decides on a joiner; returns why it is refused, or {@code null} to admit it. */
    interface Admission {
        String refusal(String member, String configurationHash);
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MAX_FIELD = 256;

    private byte[] key;
    private String cluster;
    private Admission admission;
    private String member = "";
    private String configurationHash = "";
    private byte[] nonce = new byte[0];
    private byte[] mac = new byte[0];

    /** For JGroups, which reads a received token into a fresh instance. */
    public MemberToken() {
    }

    MemberToken(byte[] key, String cluster, String member, String configurationHash, Admission admission) {
        this.key = key.clone();
        this.cluster = cluster;
        this.member = member;
        this.configurationHash = configurationHash;
        this.admission = admission;
        this.nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        this.mac = mac(this.key, cluster, member, configurationHash, nonce);
    }

    @Override
    public String getName() {
        return MemberToken.class.getName();
    }

    @Override
    public boolean authenticate(AuthToken token, Message msg) {
        if (!(token instanceof MemberToken joiner)) {
            return false;
        }
        byte[] expected = mac(key, cluster, joiner.member, joiner.configurationHash, joiner.nonce);
        if (!MessageDigest.isEqual(expected, joiner.mac)) {
            return false;
        }
        return admission.refusal(joiner.member, joiner.configurationHash) == null;
    }

    @Override
    public int size() {
        return utfSize(member) + utfSize(configurationHash) + 2 + nonce.length + 2 + mac.length;
    }

    @Override
    public void writeTo(DataOutput out) throws IOException {
        out.writeUTF(member);
        out.writeUTF(configurationHash);
        writeBytes(out, nonce);
        writeBytes(out, mac);
    }

    @Override
    public void readFrom(DataInput in) throws IOException {
        member = in.readUTF();
        configurationHash = in.readUTF();
        nonce = readBytes(in);
        mac = readBytes(in);
        if (member.length() > MAX_FIELD || configurationHash.length() > MAX_FIELD) {
            throw new IOException("a member token with a field over " + MAX_FIELD + " characters");
        }
    }

    private static byte[] mac(byte[] key, String cluster, String member, String hash, byte[] nonce) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            for (String field : new String[] {cluster, member, hash}) {
                byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
                mac.update((byte) (bytes.length >>> 8));
                mac.update((byte) bytes.length);
                mac.update(bytes);
            }
            mac.update(nonce);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot compute a member token", e);
        }
    }

    private static int utfSize(String text) {
        return 2 + text.getBytes(StandardCharsets.UTF_8).length;
    }

    private static void writeBytes(DataOutput out, byte[] bytes) throws IOException {
        out.writeShort(bytes.length);
        out.write(bytes);
    }

    private static byte[] readBytes(DataInput in) throws IOException {
        int length = in.readUnsignedShort();
        if (length > MAX_FIELD) {
            throw new IOException("a member token field of " + length + " bytes; at most " + MAX_FIELD);
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return bytes;
    }
}
