package org.swiftft.replication.internal;

import org.swiftft.libft.files.DurableFiles;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.CRC32C;

/**
 * What copy mode has shipped: for each path, whether the backups hold a file or a directory there,
 * the stamp it had and, for a file, the block signatures of that version — the base for sending only
 * changed blocks next time. Kept in memory by the shipper thread and persisted in the state
 * directory ({@value #FILE_NAME}: magic, version, block size, length, CRC32C, then the entries),
 * written to a temporary file, fsync'd and renamed.
 *
 * <p><b>When a persisted signature may be trusted.</b> Sending blocks relative to signatures is
 * right only if the backup's file is exactly the version they describe; sending every block is
 * right whatever the backup holds. So an entry whose signature might be wrong is stored as
 * <em>unknown</em> (a file is there, its content is not known) and shipped whole next time:
 * <ul>
 * <li>before a file's operations are submitted, the state is saved with that file unknown, and
 * its new signature is saved only after the operations are acknowledged — a crash in between
 * leaves it unknown, never a stale signature for a file the backup may already have changed;
 * <li>under ASYNC an acknowledgement promises nothing (a crash may lose acknowledged operations),
 * so after a start that did not follow a clean close every file is unknown; under RECEIVED and
 * DURABLE an acknowledged version is what the backups hold;
 * <li>a missing, corrupt or foreign state file means nothing is known: every file is shipped whole
 * and paths deleted while the source was down stay on the backups.
 * </ul>
 *
 * <p>For one thread (the source's shipper).
 */
final class ShippedTree {

    static final String FILE_NAME = "copy-signatures";
    private static final int MAGIC = 0x53574353; // "SWCS"
    private static final int VERSION = 1;

    /**
     * One shipped path. A file with a {@code null} stamp is unknown: shipped whole next time.
     *
     * @param kind   FILE or DIRECTORY
     * @param stamp  the stamp of the shipped version, or {@code null} if unknown
     * @param blocks for a known file, its block signatures
     */
    record Shipped(FileStamp.Kind kind, FileStamp stamp, BlockSignatures blocks) {
        static Shipped unknownFile() {
            return new Shipped(FileStamp.Kind.FILE, null, null);
        }

        boolean known() {
            return stamp != null;
        }
    }

    private final Path file;
    private final NavigableMap<String, Shipped> entries = new TreeMap<>();

    private ShippedTree(Path stateDirectory) {
        this.file = stateDirectory.resolve(FILE_NAME);
    }

    /**
     * Reads the persisted state, or starts empty.
     *
     * @param trustAcknowledged whether an acknowledged version is surely on the backups even after a
     *                          crash (RECEIVED, DURABLE); if not, a state not saved at a clean close
     *                          keeps only which paths exist
     */
    static ShippedTree load(Path stateDirectory, boolean trustAcknowledged, ReplicationListener listener)
            throws IOException {
        ShippedTree tree = new ShippedTree(stateDirectory);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(tree.file);
        } catch (NoSuchFileException e) {
            return tree;
        }
        try {
            tree.decode(ByteBuffer.wrap(bytes), trustAcknowledged);
        } catch (IllegalArgumentException | BufferUnderflowException | NegativeArraySizeException e) {
            tree.entries.clear();
            listener.failed("copy-mode", tree.file + " is damaged (" + e.getMessage() + "); every file is shipped"
                    + " whole, and files deleted while the set was stopped stay on the backups until resynced");
        }
        return tree;
    }

    Shipped get(String path) {
        return entries.get(path);
    }

    void put(String path, Shipped shipped) {
        entries.put(path, shipped);
    }

    void remove(String path) {
        entries.remove(path);
    }

    /** Every path shipped. */
    List<String> paths() {
        return new ArrayList<>(entries.keySet());
    }

    /** Paths shipped below {@code directory}, deepest (and last) first: the order to remove them in. */
    List<String> below(String directory) {
        List<String> below = new ArrayList<>(entries.subMap(directory + "/", true, directory + "0", false).keySet());
        Collections.reverse(below); // '/' sorts before every other name character, so children follow parents
        return below;
    }

    /**
     * Persists the tree, with the {@code inFlight} files stored as unknown.
     *
     * @param clean whether this is the last save before a clean close
     * @throws IOException if writing, syncing or renaming failed; the previous state stays in place
     */
    void save(Set<String> inFlight, boolean clean) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(body);
        TreeMap<String, Shipped> saved = new TreeMap<>(entries);
        inFlight.forEach(path -> saved.put(path, Shipped.unknownFile()));
        out.writeInt(saved.size());
        for (var e : saved.entrySet()) {
            byte[] path = e.getKey().getBytes(StandardCharsets.UTF_8);
            out.writeInt(path.length);
            out.write(path);
            Shipped s = e.getValue();
            out.writeByte(s.kind() == FileStamp.Kind.DIRECTORY ? 1 : 0);
            out.writeBoolean(s.known());
            if (s.known()) {
                FileStamp st = s.stamp();
                out.writeLong(st.size());
                out.writeLong(st.modified());
                out.writeLong(st.changed());
                out.writeLong(st.inode());
                out.writeInt(st.permissions());
                byte[] hashes = s.blocks() == null ? new byte[0] : s.blocks().hashes();
                out.writeInt(hashes.length);
                out.write(hashes);
            }
        }
        out.flush();
        CRC32C crc = new CRC32C();
        crc.update(body.toByteArray());
        ByteBuffer header = ByteBuffer.allocate(25).putInt(MAGIC).putInt(VERSION).putInt(BlockSignatures.BLOCK_BYTES)
                .put((byte) (clean ? 1 : 0)).putLong(body.size()).putInt((int) crc.getValue()).flip();
        write(header, ByteBuffer.wrap(body.toByteArray()));
    }

    private void write(ByteBuffer header, ByteBuffer body) throws IOException {
        DurableFiles.replace(file, header, body);
    }

    private void decode(ByteBuffer in, boolean trustAcknowledged) {
        if (in.remaining() < 25 || in.getInt() != MAGIC) {
            throw new IllegalArgumentException("not a copy-mode signature file");
        }
        int version = in.getInt();
        if (version != VERSION) {
            throw new IllegalArgumentException("format version " + version + ", this runtime reads " + VERSION);
        }
        boolean sameBlocks = in.getInt() == BlockSignatures.BLOCK_BYTES;
        boolean clean = in.get() == 1;
        long length = in.getLong();
        int expected = in.getInt();
        if (length != in.remaining()) {
            throw new IllegalArgumentException("length " + length + " but " + in.remaining() + " bytes follow");
        }
        CRC32C crc = new CRC32C();
        crc.update(in.duplicate());
        if ((int) crc.getValue() != expected) {
            throw new IllegalArgumentException("CRC32C mismatch");
        }
        boolean trusted = sameBlocks && (clean || trustAcknowledged);
        for (int count = in.getInt(); count > 0; count--) {
            byte[] path = new byte[in.getInt()];
            in.get(path);
            FileStamp.Kind kind = in.get() == 1 ? FileStamp.Kind.DIRECTORY : FileStamp.Kind.FILE;
            Shipped shipped = new Shipped(kind, null, null);
            if (in.get() == 1) {
                FileStamp stamp = new FileStamp(kind, in.getLong(), in.getLong(), in.getLong(), in.getLong(),
                        in.getInt());
                byte[] hashes = new byte[in.getInt()];
                in.get(hashes);
                if (kind == FileStamp.Kind.DIRECTORY || trusted) {
                    shipped = new Shipped(kind, stamp, kind == FileStamp.Kind.FILE ? BlockSignatures.of(hashes) : null);
                }
            }
            entries.put(new String(path, StandardCharsets.UTF_8), shipped);
        }
    }
}
