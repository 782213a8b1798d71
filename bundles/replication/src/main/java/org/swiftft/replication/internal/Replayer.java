package org.swiftft.replication.internal;

import org.swiftft.libft.files.DurableFiles;
import java.io.IOException;
import java.io.SyncFailedException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Set;
import org.swiftft.libft.replication.wire.Operation;

/**
 * Applies operations to a copy of a set's directory — the original REPL's replayer. Each operation
 * is idempotent: applied twice in a row it changes nothing, and a run of operations applied again
 * in order ends in the same state, except across a rename or rmdir (their effect depends on what
 * later operations recreate), which is why {@link #isBarrier} tells the caller to record progress
 * durably on both sides of them.
 *
 * <p>Writes create a missing file rather than fail: during a re-application after a crash the file
 * may be missing because a later operation (about to be re-applied too) deleted it.
 *
 * <p>Not thread-safe: one replayer thread per set. Nothing is durable until {@link #syncTouched}.
 */
public final class Replayer {

    private static final PosixFilePermission[] BITS = {
        PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
        PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
        PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ };

    private final SetPaths paths;
    /** Files and directories changed since the last sync, in the order met. */
    private final Set<Path> touched = new LinkedHashSet<>();

    public Replayer(Path directory) throws IOException {
        this.paths = new SetPaths(directory);
    }

    /** Rename and rmdir must not be re-applied once applied: progress is recorded durably around them. */
    public static boolean isBarrier(Operation operation) {
        return operation instanceof Operation.Rename || operation instanceof Operation.Rmdir;
    }

    /**
     * Applies one operation.
     *
     * @param source names the operation for messages (set, sequence)
     * @throws PathRefusedException if a path leads outside the set's directory; nothing was written
     * @throws IOException          if the file system refused; the operation may be half applied and
     *                              is to be applied again
     */
    public void apply(Operation operation, String source) throws IOException {
        Path path = paths.resolve(operation.path(), source);
        if (operation instanceof Operation.Rename rename) {
            rename(path, paths.resolve(rename.target(), source));
        } else if (operation instanceof Operation.CopyFile copy) {
            copy(path, paths.resolve(copy.target(), source));
        } else if (operation instanceof Operation.WriteAt write) {
            write(path, write.position(), write.data());
        } else if (operation instanceof Operation.Append append) {
            write(path, append.offset(), append.data());
        } else if (operation instanceof Operation.Create) {
            create(path);
        } else if (operation instanceof Operation.Truncate truncate) {
            truncate(path, truncate.size());
        } else if (operation instanceof Operation.Force) {
            touched.add(path);
        } else if (operation instanceof Operation.Delete) {
            if (Files.deleteIfExists(path)) {
                touched.add(path.getParent());
            }
        } else if (operation instanceof Operation.Mkdir) {
            mkdir(path);
        } else if (operation instanceof Operation.Rmdir) {
            if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                // The primary removed it, so it was empty there: anything still in the copy was never on
                // the primary (or is a resync's leftover) and goes too, rather than blocking replay for ever.
                DurableFiles.removeTree(path);
                touched.add(path.getParent());
            }
        } else if (operation instanceof Operation.SetAttributes attributes) {
            setAttributes(path, attributes);
        }
    }

    private void create(Path path) throws IOException {
        ensureParent(path);
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            touched.add(path);
        }
        touched.add(path.getParent());
    }

    private void write(Path path, long position, byte[] data) throws IOException {
        ensureParent(path);
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(data);
            long at = position;
            while (buffer.hasRemaining()) {
                at += channel.write(buffer, at);
            }
        }
        touched.add(path);
    }

    private void truncate(Path path, long size) throws IOException {
        ensureParent(path);
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            if (channel.size() > size) {
                channel.truncate(size);
            }
        }
        touched.add(path);
    }

    private void rename(Path from, Path to) throws IOException {
        if (!Files.exists(from, LinkOption.NOFOLLOW_LINKS)) {
            return; // already renamed: the barrier guarantees nothing recreated it since
        }
        ensureParent(to);
        Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        touched.add(from.getParent());
        touched.add(to.getParent());
    }

    private void copy(Path from, Path to) throws IOException {
        ensureParent(to);
        if (Files.isRegularFile(from, LinkOption.NOFOLLOW_LINKS)) {
            Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING, LinkOption.NOFOLLOW_LINKS);
        } else {
            create(to);
        }
        touched.add(to);
        touched.add(to.getParent());
    }

    private void mkdir(Path path) throws IOException {
        if (!Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            ensureParent(path);
            Files.createDirectory(path);
            touched.add(path.getParent());
        }
        touched.add(path);
    }

    private void setAttributes(Path path, Operation.SetAttributes attributes) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return; // deleted by a later operation that is being re-applied
        }
        if (attributes.permissions() != Operation.SetAttributes.UNCHANGED_PERMISSIONS) {
            Files.setPosixFilePermissions(path, permissions(attributes.permissions()));
        }
        if (attributes.modifiedMillis() != Operation.SetAttributes.UNCHANGED_TIME) {
            Files.setLastModifiedTime(path, FileTime.fromMillis(attributes.modifiedMillis()));
        }
        touched.add(path);
    }

    /** Parents come from mkdir operations; during a re-application they may be missing for a while. */
    private void ensureParent(Path path) throws IOException {
        Path parent = path.getParent();
        if (!Files.isDirectory(parent)) {
            Files.createDirectories(parent);
            touched.add(parent.getParent());
        }
    }

    static Set<PosixFilePermission> permissions(int bits) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        for (int i = 0; i < BITS.length; i++) {
            if ((bits & (1 << i)) != 0) {
                set.add(BITS[i]);
            }
        }
        return set;
    }

    /** Whether anything was changed since the last {@link #syncTouched}. */
    public boolean dirty() {
        return !touched.isEmpty();
    }

    /**
     * Makes every change since the last call durable: fsync of each changed file and directory.
     *
     * @throws SyncFailedException if an fsync failed: fatal, the copy can no longer be trusted and the
     *                             caller must stop replaying (never retry an fsync)
     */
    public void syncTouched() throws IOException {
        for (Path path : touched) {
            if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
                continue; // deleted later in the batch; its directory is in the set
            }
            try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
                channel.force(true);
            } catch (IOException e) {
                SyncFailedException fatal = new SyncFailedException("fsync of " + path + " failed: " + e
                        + "; the backup copy can no longer be trusted: fix the disk, then resync the set");
                fatal.initCause(e);
                throw fatal;
            }
        }
        touched.clear();
    }
}
