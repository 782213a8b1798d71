package org.swiftft.cluster.internal;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32C;
import org.swiftft.libft.files.DurableFiles;

/**
 * The placements this member accepted, kept across restarts in {@code state/@cluster/placements}:
 * a member that promised an epoch must never accept an older one again, or two quorums could grant
 * one application twice. Each change is fsync'd before it is acknowledged (before a promise is
 * sent). Format: magic {@code SWCP}, version, count, the placements, CRC32C of all before it.
 */
final class PlacementStore {

    private static final int MAGIC = 0x53574350; // "SWCP"
    private static final int VERSION = 1;

    private final Path file;
    private final Map<String, Placement> placements = new TreeMap<>();

    /** @throws IOException naming the file and what is wrong with it (the member must not guess) */
    PlacementStore(Path file) throws IOException {
        this.file = file;
        Files.createDirectories(file.getParent());
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return;
        }
        read(bytes);
    }

    synchronized Placement get(String application) {
        return placements.getOrDefault(application, Placement.none(application));
    }

    synchronized Map<String, Placement> all() {
        return Map.copyOf(placements);
    }

    /**
     * Keeps {@code placement} if it is newer than what is held, durably.
     *
     * @return whether it was newer
     */
    synchronized boolean offer(Placement placement) throws IOException {
        if (!placement.newerThan(get(placement.application()))) {
            return false;
        }
        Placement before = placements.put(placement.application(), placement);
        try {
            write();
        } catch (IOException e) {
            if (before == null) {
                placements.remove(placement.application());
            } else {
                placements.put(placement.application(), before);
            }
            throw e;
        }
        return true;
    }

    private void write() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(MAGIC);
        out.writeInt(VERSION);
        byte[] body = ClusterCodec.encode(new ClusterMessage.Info("", 0, "", false, placements.values().stream().toList(), Map.of()));
        out.writeInt(body.length);
        out.write(body);
        CRC32C crc = new CRC32C();
        crc.update(bytes.toByteArray());
        out.writeInt((int) crc.getValue());
        DurableFiles.replace(file, ByteBuffer.wrap(bytes.toByteArray()));
    }

    private void read(byte[] bytes) throws IOException {
        if (bytes.length < 16) {
            throw damaged("it is " + bytes.length + " bytes long, shorter than its header");
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(bytes));
        if (in.readInt() != MAGIC) {
            throw damaged("it does not start with SWCP");
        }
        int version = in.readInt();
        if (version != VERSION) {
            throw damaged("it is version " + version + "; this runtime reads version " + VERSION);
        }
        int length = in.readInt();
        if (length != bytes.length - 16) {
            throw damaged("its length field says " + length + " bytes");
        }
        if ((int) crc.getValue() != ByteBuffer.wrap(bytes, bytes.length - 4, 4).getInt()) {
            throw damaged("its checksum does not match");
        }
        byte[] body = new byte[length];
        in.readFully(body);
        ClusterMessage decoded = ClusterCodec.decode(body);
        if (!(decoded instanceof ClusterMessage.Info info)) {
            throw damaged("it holds no placements");
        }
        info.placements().forEach(p -> placements.put(p.application(), p));
    }

    private IOException damaged(String why) {
        return new IOException(file + " is damaged: " + why + ". It records the epochs this member promised;"
                + " move it aside only if every other member is running (they hold the same epochs)");
    }
}
