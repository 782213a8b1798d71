package org.swiftft.cluster.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * What each member tells the others after every view change: its name, the hash of its clustered
 * configuration, and whether it is leaving on purpose. Our own versioned format (no Java
 * serialization), even though only members holding the secret can send it.
 */
record MemberInfo(String member, String configurationHash, boolean leaving) {

    static final byte VERSION = 1;
    static final byte TYPE = 'I';
    private static final int MAX_FIELD = 256;

    byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeByte(TYPE);
            out.writeUTF(member);
            out.writeUTF(configurationHash);
            out.writeBoolean(leaving);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toByteArray();
    }

    /** @throws IOException naming what is wrong with the message */
    static MemberInfo decode(byte[] message) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(message))) {
            int version = in.readUnsignedByte();
            if (version != VERSION) {
                throw new IOException("member information of version " + version + "; this runtime reads version " + VERSION);
            }
            int type = in.readUnsignedByte();
            if (type != TYPE) {
                throw new IOException("a cluster message of unknown type " + type);
            }
            String member = in.readUTF();
            String hash = in.readUTF();
            boolean leaving = in.readBoolean();
            if (member.length() > MAX_FIELD || hash.length() > MAX_FIELD || in.available() > 0) {
                throw new IOException("member information with oversized fields or trailing bytes");
            }
            return new MemberInfo(member, hash, leaving);
        }
    }
}
