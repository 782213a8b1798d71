package org.swiftft.replication.internal;

import org.swiftft.libft.peer.SharedSecret;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The mutual challenge-response that opens every replication connection:
 *
 * <pre>
 * primary → HELLO     set name (u16 + UTF-8) | nonceP (32)
 * backup  → CHALLENGE nonceB (32) | HMAC(K, "swift-repl-backup-v1" | set | nonceP | nonceB | epoch)
 * primary → PROOF     HMAC(K, "swift-repl-primary-v1" | set | nonceP | nonceB | epoch)
 * </pre>
 *
 * Each side proves the secret over the other's fresh nonce (SecureRandom), so nothing captured
 * can be replayed; the labels differ per role, so one side's proof can never be reflected as the
 * other's; the set name and epoch are bound into both. Proofs are compared in constant time. A
 * peer that fails is told nothing: the connection is just closed.
 */
public final class Handshake {

    static final int NONCE_BYTES = 32;
    private static final String BACKUP_LABEL = "swift-repl-backup-v1";
    private static final String PRIMARY_LABEL = "swift-repl-primary-v1";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Handshake() {
    }

    /** The primary's side. Returns the backup's WELCOME. */
    public static Frame asPrimary(DataInputStream in, OutputStream out, String peer, String set,
            SharedSecret secret, long epoch) throws IOException {
        byte[] nonceP = nonce();
        byte[] name = set.getBytes(StandardCharsets.UTF_8);
        ByteBuffer hello = ByteBuffer.allocate(2 + name.length + NONCE_BYTES);
        hello.putShort((short) name.length).put(name).put(nonceP);
        send(out, new Frame(FrameType.HELLO, epoch, 0, hello.array()));
        Frame challenge = expect(in, peer, FrameType.CHALLENGE);
        if (challenge.payload().length != NONCE_BYTES + 32) {
            throw new AuthenticationException("backup " + peer + " sent a malformed challenge for set " + set);
        }
        byte[] nonceB = Arrays.copyOf(challenge.payload(), NONCE_BYTES);
        byte[] proofB = Arrays.copyOfRange(challenge.payload(), NONCE_BYTES, NONCE_BYTES + 32);
        if (!MessageDigest.isEqual(proofB, mac(secret, BACKUP_LABEL, set, nonceP, nonceB, epoch))) {
            throw new AuthenticationException("backup " + peer + " did not prove the shared secret of set " + set
                    + "; check that both sides use the same key file");
        }
        send(out, new Frame(FrameType.PROOF, epoch, 0, mac(secret, PRIMARY_LABEL, set, nonceP, nonceB, epoch)));
        return expect(in, peer, FrameType.WELCOME);
    }

    /**
     * The backup's side, up to the proof: the caller sends WELCOME once it knows what it holds.
     *
     * @return the epoch the primary announced (the caller decides whether it is stale)
     */
    public static long asBackup(DataInputStream in, OutputStream out, String peer, String set,
            SharedSecret secret) throws IOException {
        Frame hello = expect(in, peer, FrameType.HELLO);
        ByteBuffer payload = ByteBuffer.wrap(hello.payload());
        int nameLength = payload.remaining() >= 2 ? payload.getShort() & 0xFFFF : -1;
        if (nameLength < 0 || payload.remaining() != nameLength + NONCE_BYTES) {
            throw new AuthenticationException("peer " + peer + " sent a malformed HELLO");
        }
        byte[] name = new byte[nameLength];
        payload.get(name);
        if (!MessageDigest.isEqual(name, set.getBytes(StandardCharsets.UTF_8))) {
            throw new AuthenticationException("peer " + peer + " asked for a set other than " + set);
        }
        byte[] nonceP = new byte[NONCE_BYTES];
        payload.get(nonceP);
        byte[] nonceB = nonce();
        long epoch = hello.epoch();
        ByteBuffer challenge = ByteBuffer.allocate(NONCE_BYTES + 32);
        challenge.put(nonceB).put(mac(secret, BACKUP_LABEL, set, nonceP, nonceB, epoch));
        send(out, new Frame(FrameType.CHALLENGE, epoch, 0, challenge.array()));
        Frame proof = expect(in, peer, FrameType.PROOF);
        if (!MessageDigest.isEqual(proof.payload(), mac(secret, PRIMARY_LABEL, set, nonceP, nonceB, epoch))) {
            throw new AuthenticationException("peer " + peer + " did not prove the shared secret of set " + set
                    + "; refused. If it is the set's primary, give it the same key file as this backup");
        }
        return epoch;
    }

    private static Frame expect(DataInputStream in, String peer, FrameType type) throws IOException {
        Frame frame = FrameCodec.read(in, peer, FrameCodec.MAX_HANDSHAKE_PAYLOAD);
        if (frame.type() != type) {
            throw new AuthenticationException("peer " + peer + " sent " + frame.type() + " where " + type
                    + " was due in the handshake");
        }
        return frame;
    }

    private static void send(OutputStream out, Frame frame) throws IOException {
        FrameCodec.write(out, frame);
        out.flush();
    }

    private static byte[] nonce() {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        return nonce;
    }

    static byte[] mac(SharedSecret secret, String label, String set, byte[] nonceP, byte[] nonceB, long epoch) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.key(), "HmacSHA256"));
            byte[] name = set.getBytes(StandardCharsets.UTF_8);
            // Lengths first, so no two different inputs concatenate to the same bytes.
            mac.update(label.getBytes(StandardCharsets.US_ASCII));
            mac.update(ByteBuffer.allocate(4).putInt(name.length).array());
            mac.update(name);
            mac.update(nonceP);
            mac.update(nonceB);
            mac.update(ByteBuffer.allocate(8).putLong(epoch).array());
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }
}
