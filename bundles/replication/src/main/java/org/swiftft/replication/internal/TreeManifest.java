package org.swiftft.replication.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.swiftft.libft.replication.wire.WireFormatException;
import org.swiftft.replication.VerificationDTO.DifferenceDTO;
import org.swiftft.replication.VerificationDTO.DifferenceDTO.Kind;

/**
 * A description of a set's directory: every file and directory (relative path, size, permission
 * bits, and for files a hash of each {@value #BLOCK_BYTES}-byte block), for {@code replication:verify}
 * and for resync, which sends only the blocks that differ. Symbolic links and special files are left
 * out: replication carries regular files and directories only.
 *
 * <p>Block hashes are SHA-256 cut to 16 bytes: a collision would hide a difference, so the hash has
 * to be one nobody can collide by accident (CRC32C could, over many blocks).
 */
final class TreeManifest {

    static final int BLOCK_BYTES = 64 * 1024;
    static final int HASH_BYTES = 16;
    private static final int MAX_CHUNK_BYTES = 512 * 1024;

    /** One file ({@code hashes} non-null) or directory. */
    record Entry(String path, boolean directory, long size, int permissions, byte[] hashes) {

        int blocks() {
            return hashes == null ? 0 : hashes.length / HASH_BYTES;
        }

        boolean sameBlock(Entry other, int block) {
            return block < blocks() && block < other.blocks()
                    && Arrays.equals(hashes, block * HASH_BYTES, (block + 1) * HASH_BYTES,
                            other.hashes, block * HASH_BYTES, (block + 1) * HASH_BYTES);
        }
    }

    private final Map<String, Entry> entries;

    private TreeManifest(Map<String, Entry> entries) {
        this.entries = entries;
    }

    Map<String, Entry> entries() {
        return entries;
    }

    long files() {
        return entries.values().stream().filter(e -> !e.directory()).count();
    }

    long bytes() {
        return entries.values().stream().mapToLong(Entry::size).sum();
    }

    /**
     * Describes {@code root}, skipping names for which {@code skip} says so (temp files of copy mode).
     * A file that vanishes while it is read is left out.
     */
    static TreeManifest scan(Path root, java.util.function.Predicate<String> skip) throws IOException {
        Map<String, Entry> entries = new TreeMap<>();
        MessageDigest sha = sha256();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (!dir.equals(root)) {
                    String path = relative(root, dir);
                    if (skip.test(path)) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    entries.put(path, new Entry(path, true, 0, permissions(dir), null));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                String path = relative(root, file);
                if (attrs.isRegularFile() && !skip.test(path)) {
                    try {
                        entries.put(path, file(file, path, sha));
                    } catch (NoSuchFileException e) {
                        // deleted while we looked: not part of the tree any more
                    }
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }
        });
        return new TreeManifest(entries);
    }

    private static Entry file(Path file, String path, MessageDigest sha) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            int blocks = (int) ((size + BLOCK_BYTES - 1) / BLOCK_BYTES);
            byte[] hashes = new byte[blocks * HASH_BYTES];
            ByteBuffer buffer = ByteBuffer.allocate(BLOCK_BYTES);
            for (int block = 0; block < blocks; block++) {
                buffer.clear();
                long position = (long) block * BLOCK_BYTES;
                while (buffer.hasRemaining() && channel.read(buffer, position + buffer.position()) > 0) {
                    // read the whole block
                }
                sha.update(buffer.array(), 0, buffer.position());
                System.arraycopy(sha.digest(), 0, hashes, block * HASH_BYTES, HASH_BYTES);
            }
            return new Entry(path, false, size, permissions(file), hashes);
        }
    }

    static int permissions(Path path) throws IOException {
        Set<PosixFilePermission> set = Files.readAttributes(path, PosixFileAttributes.class,
                java.nio.file.LinkOption.NOFOLLOW_LINKS).permissions();
        int bits = 0;
        for (PosixFilePermission p : set) {
            bits |= 1 << (8 - p.ordinal());
        }
        return bits;
    }

    private static String relative(Path root, Path path) {
        return root.relativize(path).toString().replace(path.getFileSystem().getSeparator(), "/");
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    // ---- on the wire: MANIFEST frames, then an empty one ----

    /** The payloads of the MANIFEST frames, each under a frame's size; the empty end frame not included. */
    List<byte[]> encode() {
        List<byte[]> chunks = new ArrayList<>();
        ByteBuffer chunk = ByteBuffer.allocate(MAX_CHUNK_BYTES);
        for (Entry entry : entries.values()) {
            byte[] path = entry.path().getBytes(StandardCharsets.UTF_8);
            int hashBytes = entry.hashes() == null ? 0 : entry.hashes().length;
            int need = 2 + path.length + 1 + 8 + 4 + 4 + hashBytes;
            if (need > chunk.remaining() && chunk.position() > 0) {
                chunks.add(Arrays.copyOf(chunk.array(), chunk.position()));
                chunk = ByteBuffer.allocate(Math.max(MAX_CHUNK_BYTES, need));
            } else if (need > chunk.remaining()) {
                chunk = ByteBuffer.allocate(need);
            }
            chunk.putShort((short) path.length).put(path).put((byte) (entry.directory() ? 1 : 0))
                    .putLong(entry.size()).putInt(entry.permissions()).putInt(hashBytes);
            if (hashBytes > 0) {
                chunk.put(entry.hashes());
            }
        }
        if (chunk.position() > 0) {
            chunks.add(Arrays.copyOf(chunk.array(), chunk.position()));
        }
        return chunks;
    }

    /** Reads MANIFEST payloads; paths are checked like any path from the wire. */
    static TreeManifest decode(List<byte[]> chunks, String source) throws IOException {
        Map<String, Entry> entries = new TreeMap<>();
        for (byte[] bytes : chunks) {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            try {
                while (in.hasRemaining()) {
                    byte[] path = new byte[in.getShort() & 0xFFFF];
                    in.get(path);
                    String name = new String(path, StandardCharsets.UTF_8);
                    SetPaths.checkLexically(name, source);
                    boolean directory = in.get() == 1;
                    long size = in.getLong();
                    int permissions = in.getInt();
                    int hashBytes = in.getInt();
                    if (hashBytes < 0 || hashBytes > in.remaining() || hashBytes % HASH_BYTES != 0) {
                        throw new WireFormatException(source + ": a manifest entry for " + name + " claims "
                                + hashBytes + " hash bytes");
                    }
                    byte[] hashes = directory ? null : new byte[hashBytes];
                    if (hashes != null) {
                        in.get(hashes);
                    } else {
                        in.position(in.position() + hashBytes);
                    }
                    entries.put(name, new Entry(name, directory, size, permissions, hashes));
                }
            } catch (java.nio.BufferUnderflowException e) {
                throw new WireFormatException(source + ": a manifest frame is cut short");
            }
        }
        return new TreeManifest(entries);
    }

    // ---- comparing ----

    /** What differs in {@code backup} from this (the primary's) tree, sorted by path. */
    List<DifferenceDTO> differences(TreeManifest backup) {
        List<DifferenceDTO> differences = new ArrayList<>();
        for (Entry mine : entries.values()) {
            Entry theirs = backup.entries.get(mine.path());
            if (theirs == null || theirs.directory() != mine.directory()) {
                differences.add(difference(mine.path(), Kind.MISSING_ON_BACKUP, -1));
            } else if (!mine.directory() && firstDifferentBlock(mine, theirs) >= 0) {
                differences.add(difference(mine.path(), Kind.CONTENT,
                        (long) firstDifferentBlock(mine, theirs) * BLOCK_BYTES));
            } else if (mine.size() != theirs.size()) {
                differences.add(difference(mine.path(), Kind.SIZE, -1));
            } else if (mine.permissions() != theirs.permissions()) {
                differences.add(difference(mine.path(), Kind.ATTRIBUTES, -1));
            }
        }
        for (Entry theirs : backup.entries.values()) {
            if (!entries.containsKey(theirs.path())) {
                differences.add(difference(theirs.path(), Kind.EXTRA_ON_BACKUP, -1));
            }
        }
        differences.sort((a, b) -> a.path.compareTo(b.path));
        return differences;
    }

    /** The first block whose hash differs, over the longer of the two; -1 if none. */
    static int firstDifferentBlock(Entry mine, Entry theirs) {
        int blocks = Math.max(mine.blocks(), theirs.blocks());
        for (int block = 0; block < blocks; block++) {
            if (!mine.sameBlock(theirs, block)) {
                return block;
            }
        }
        return -1;
    }

    private static DifferenceDTO difference(String path, Kind kind, long offset) {
        DifferenceDTO dto = new DifferenceDTO();
        dto.path = path;
        dto.kind = kind;
        dto.offset = offset;
        return dto;
    }
}
