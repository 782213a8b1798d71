package org.swiftft.cluster.internal;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jgroups.Address;
import org.jgroups.Header;
import org.jgroups.Message;
import org.jgroups.stack.Protocol;
import org.jgroups.util.ByteArrayDataOutputStream;
import org.jgroups.util.MessageBatch;

/**
 * Signs every message a member sends with HMAC-SHA256 under a key derived from the cluster's secret,
 * and drops every message whose signature does not verify. It sits directly above the transport, so
 * it covers discovery, heartbeats, merges, joins and the payload alike: JGroups' SYM_ENCRYPT encrypts
 * payloads only and checks no integrity, and AUTH checks only joins.
 *
 * <p>Not covered: FD_SOCK2's own TCP connections (a forged one can only raise a suspicion, which
 * VERIFY_SUSPECT2 checks through this signed stack), and replays of a captured message (the
 * reliable protocols' sequence numbers discard most of those).
 */
final class SignProtocol extends Protocol {

    static final short PROTOCOL_ID = 3102;
    static final short HEADER_MAGIC = 3101;

    private final byte[] key;
    private final Consumer<Message> refused;
    /** A Mac per thread, keyed once: every message is signed or checked, heartbeats included. */
    private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);

    /**
     * @param refused told of each message dropped (on a JGroups thread: must return at once)
     */
    SignProtocol(byte[] key, Consumer<Message> refused) {
        this.key = key.clone();
        this.refused = refused;
        this.id = PROTOCOL_ID;
    }

    @Override
    public Object down(Message msg) {
        Address src = msg.getSrc() != null ? msg.getSrc() : getAddress();
        msg.setSrc(src);
        msg.putHeader(PROTOCOL_ID, new SignHeader(mac(msg, src)));
        return down_prot.down(msg);
    }

    @Override
    public Object up(Message msg) {
        return verified(msg) ? up_prot.up(msg) : null;
    }

    @Override
    public void up(MessageBatch batch) {
        batch.removeIf(msg -> !verified(msg), true);
        if (!batch.isEmpty()) {
            up_prot.up(batch);
        }
    }

    private boolean verified(Message msg) {
        SignHeader header = msg.getHeader(PROTOCOL_ID);
        if (header != null && MessageDigest.isEqual(header.mac, mac(msg, msg.getSrc()))) {
            return true;
        }
        refused.accept(msg);
        return false;
    }

    /**
     * The MAC covers the sender, destination, flags, payload and every header of the protocols above;
     * not its own header, nor the transport's, which the transport adds below on send.
     */
    private byte[] mac(Message msg, Address src) {
        Message canonical = msg.copy(true, false);
        canonical.setSrc(src);
        Map<Short, Header> headers = new TreeMap<>(msg.getHeaders());
        headers.remove(PROTOCOL_ID);
        headers.remove(getTransport().getId());
        headers.forEach(canonical::putHeader);
        try {
            ByteArrayDataOutputStream out = new ByteArrayDataOutputStream(256);
            canonical.writeTo(out);
            Mac mac = macs.get();
            mac.update(out.buffer(), 0, out.position());
            return mac.doFinal(); // doFinal resets the Mac for the next message
        } catch (IOException e) {
            throw new IllegalStateException("cannot sign a cluster message", e);
        }
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM cannot compute HmacSHA256", e);
        }
    }

    /** The signature; registered by magic number (see {@link JGroupsRegistrations}). */
    public static final class SignHeader extends Header {

        private static final int MAX_LENGTH = 64;

        private byte[] mac = new byte[0];

        public SignHeader() {
        }

        SignHeader(byte[] mac) {
            this.mac = mac;
        }

        @Override
        public short getMagicId() {
            return HEADER_MAGIC;
        }

        @Override
        public Supplier<? extends Header> create() {
            return SignHeader::new;
        }

        @Override
        public int serializedSize() {
            return 1 + mac.length;
        }

        @Override
        public void writeTo(DataOutput out) throws IOException {
            out.writeByte(mac.length);
            out.write(mac);
        }

        @Override
        public void readFrom(DataInput in) throws IOException {
            int length = in.readUnsignedByte();
            if (length > MAX_LENGTH) {
                throw new IOException("signature of " + length + " bytes; at most " + MAX_LENGTH);
            }
            mac = new byte[length];
            in.readFully(mac);
        }
    }
}
