package org.swiftft.cluster.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.swiftft.cluster.FailoverDTO;
import org.swiftft.cluster.internal.ClusterMessage.Commit;
import org.swiftft.cluster.internal.ClusterMessage.FailoverReport;
import org.swiftft.cluster.internal.ClusterMessage.Info;
import org.swiftft.cluster.internal.ClusterMessage.LeaseAck;
import org.swiftft.cluster.internal.ClusterMessage.LeaseRequest;
import org.swiftft.cluster.internal.ClusterMessage.MoveRequest;
import org.swiftft.cluster.internal.ClusterMessage.Promise;
import org.swiftft.cluster.internal.ClusterMessage.Propose;
import org.swiftft.cluster.internal.ClusterMessage.Started;

/**
 * Our own versioned format for {@link ClusterMessage}s (no Java serialization): a version byte, a
 * type byte, then the fields. Only members holding the secret can send, but a message is still
 * read defensively: bounded counts and strings, nothing left over.
 */
final class ClusterCodec {

    static final int VERSION = 1;
    private static final int MAX_ITEMS = 4_096;
    private static final int MAX_TEXT = 4_096;

    private ClusterCodec() {
    }

    static byte[] encode(ClusterMessage message) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            if (message instanceof Info m) {
                out.writeByte('I');
                text(out, m.member());
                out.writeLong(m.viewId());
                text(out, m.configurationHash());
                out.writeBoolean(m.leaving());
                out.writeShort(m.placements().size());
                for (Placement p : m.placements()) {
                    placement(out, p);
                }
                map(out, m.running());
            } else if (message instanceof Propose m) {
                out.writeByte('P');
                out.writeLong(m.grant());
                placement(out, m.placement());
            } else if (message instanceof Promise m) {
                out.writeByte('A');
                out.writeLong(m.grant());
                text(out, m.application());
                out.writeLong(m.epoch());
                out.writeBoolean(m.accepted());
                out.writeLong(m.knownEpoch());
                out.writeLong(m.millisSinceLeaseAck());
            } else if (message instanceof Commit m) {
                out.writeByte('C');
                out.writeLong(m.grant());
                placement(out, m.placement());
            } else if (message instanceof Started m) {
                out.writeByte('S');
                text(out, m.application());
                out.writeLong(m.epoch());
                out.writeBoolean(m.ok());
                text(out, m.message());
            } else if (message instanceof LeaseRequest m) {
                out.writeByte('L');
                out.writeLong(m.sequence());
                out.writeShort(m.epochs().size());
                for (Map.Entry<String, Long> entry : m.epochs().entrySet()) {
                    text(out, entry.getKey());
                    out.writeLong(entry.getValue());
                }
            } else if (message instanceof LeaseAck m) {
                out.writeByte('K');
                out.writeLong(m.sequence());
                list(out, m.applications());
            } else if (message instanceof MoveRequest m) {
                out.writeByte('M');
                out.writeLong(m.request());
                text(out, m.requester());
                text(out, m.application());
                text(out, m.target());
                out.writeByte(m.trigger().ordinal());
                text(out, m.reason());
            } else if (message instanceof FailoverReport m) {
                out.writeByte('F');
                out.writeLong(m.request());
                text(out, m.requester());
                text(out, m.application());
                out.writeByte(m.trigger().ordinal());
                text(out, m.from());
                text(out, m.to());
                list(out, m.tried());
                out.writeLong(m.epoch());
                out.writeByte(m.outcome().ordinal());
                out.writeLong(m.startedAt());
                out.writeLong(m.durationMillis());
                text(out, m.message());
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toByteArray();
    }

    /** @throws IOException naming what is wrong with the message */
    static ClusterMessage decode(byte[] message) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(message));
        int version = in.readUnsignedByte();
        if (version != VERSION) {
            throw new IOException("a cluster message of version " + version + "; this runtime reads version " + VERSION
                    + ": run the same SwiFT version on every member");
        }
        int type = in.readUnsignedByte();
        ClusterMessage decoded = switch (type) {
            case 'I' -> new Info(text(in), in.readLong(), text(in), in.readBoolean(), placements(in), map(in));
            case 'P' -> new Propose(in.readLong(), placement(in));
            case 'A' -> new Promise(in.readLong(), text(in), in.readLong(), in.readBoolean(), in.readLong(), in.readLong());
            case 'C' -> new Commit(in.readLong(), placement(in));
            case 'S' -> new Started(text(in), in.readLong(), in.readBoolean(), text(in));
            case 'L' -> new LeaseRequest(in.readLong(), epochs(in));
            case 'K' -> new LeaseAck(in.readLong(), list(in));
            case 'M' -> new MoveRequest(in.readLong(), text(in), text(in), text(in), trigger(in), text(in));
            case 'F' -> new FailoverReport(in.readLong(), text(in), text(in), trigger(in), text(in), text(in), list(in),
                    in.readLong(), outcome(in), in.readLong(), in.readLong(), text(in));
            default -> throw new IOException("a cluster message of unknown type " + type);
        };
        if (in.available() > 0) {
            throw new IOException("a cluster message with " + in.available() + " bytes left over");
        }
        return decoded;
    }

    private static void placement(DataOutputStream out, Placement p) throws IOException {
        text(out, p.application());
        out.writeLong(p.epoch());
        text(out, p.primary());
        list(out, p.backups());
        list(out, p.standby());
        out.writeBoolean(p.committed());
    }

    private static Placement placement(DataInputStream in) throws IOException {
        return new Placement(text(in), in.readLong(), text(in), list(in), list(in), in.readBoolean());
    }

    private static List<Placement> placements(DataInputStream in) throws IOException {
        int count = count(in);
        List<Placement> placements = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            placements.add(placement(in));
        }
        return placements;
    }

    private static Map<String, Long> epochs(DataInputStream in) throws IOException {
        int count = count(in);
        Map<String, Long> epochs = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            epochs.put(text(in), in.readLong());
        }
        return epochs;
    }

    private static FailoverDTO.Trigger trigger(DataInputStream in) throws IOException {
        int ordinal = in.readUnsignedByte();
        if (ordinal >= FailoverDTO.Trigger.values().length) {
            throw new IOException("unknown fail-over trigger " + ordinal);
        }
        return FailoverDTO.Trigger.values()[ordinal];
    }

    private static FailoverDTO.Outcome outcome(DataInputStream in) throws IOException {
        int ordinal = in.readUnsignedByte();
        if (ordinal >= FailoverDTO.Outcome.values().length) {
            throw new IOException("unknown fail-over outcome " + ordinal);
        }
        return FailoverDTO.Outcome.values()[ordinal];
    }

    /** {@code null} travels as an absent marker, so that "no primary" survives the trip. */
    private static void text(DataOutputStream out, String text) throws IOException {
        out.writeBoolean(text != null);
        if (text != null) {
            out.writeUTF(text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) : text);
        }
    }

    private static String text(DataInputStream in) throws IOException {
        if (!in.readBoolean()) {
            return null;
        }
        String text = in.readUTF();
        if (text.length() > MAX_TEXT) {
            throw new IOException("a text field of " + text.length() + " characters; at most " + MAX_TEXT);
        }
        return text;
    }

    private static void list(DataOutputStream out, List<String> items) throws IOException {
        out.writeShort(items.size());
        for (String item : items) {
            text(out, item);
        }
    }

    private static List<String> list(DataInputStream in) throws IOException {
        int count = count(in);
        List<String> items = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            items.add(text(in));
        }
        return items;
    }

    private static void map(DataOutputStream out, Map<String, String> entries) throws IOException {
        out.writeShort(entries.size());
        for (Map.Entry<String, String> entry : entries.entrySet()) {
            text(out, entry.getKey());
            text(out, entry.getValue());
        }
    }

    private static Map<String, String> map(DataInputStream in) throws IOException {
        int count = count(in);
        Map<String, String> entries = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            entries.put(text(in), text(in));
        }
        return entries;
    }

    private static int count(DataInputStream in) throws IOException {
        int count = in.readUnsignedShort();
        if (count > MAX_ITEMS) {
            throw new IOException("a list of " + count + " items; at most " + MAX_ITEMS);
        }
        return count;
    }
}
