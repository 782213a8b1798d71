package org.swiftft.libft.replication;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.swiftft.libft.replication.wire.Operation;
import org.swiftft.libft.replication.wire.WriterProtocol;
import org.swiftft.libft.runtime.RuntimeConnection;

/**
 * Writes a replication set's directory and has every change replicated to the set's backups — the
 * original SwiFT's REPL, which intercepted an application's file writes, done as an explicit API.
 * The calls behave like their {@code Files} and {@code FileChannel} namesakes on the local directory;
 * each also records the change as an operation and hands it to the local SwiFT runtime over its
 * {@code replication.sock}. The runtime holds the set's peers and secret; this process holds neither.
 * Reads need nothing of this class: read the directory with plain {@code Files} and {@code FileChannel}.
 *
 * <pre>
 * try (ReplicatedFiles files = ReplicatedFiles.open("orders")) {
 *     try (FileChannel log = files.channel(Path.of("log"), CREATE, WRITE, APPEND)) {
 *         log.write(record);
 *         log.force(true); // durable here, and acknowledged by the backups at the set's level
 *     }
 * }
 * </pre>
 *
 * <p><b>When a call returns:</b> each change is sent to the runtime, then applied locally, then, at
 * levels above {@link ReplicationLevel#ASYNC}, acknowledged by the runtime at the set's
 * {@link #level()}: a call returns once all three happened. {@code force()} of a channel returns when
 * the file is forced here and the force is acknowledged at the set's level; at
 * {@link ReplicationLevel#DURABLE} that makes the change durable on the backups too.
 *
 * <p><b>Paths:</b> relative to {@link #directory()} (not to the working directory), or absolute
 * inside it. A path outside it, the directory itself, or a path through a symlink that leads outside
 * is refused (IllegalArgumentException, or IOException for a symlink) and nothing is sent.
 *
 * <p><b>Threading:</b> thread-safe. Every change made through one ReplicatedFiles, its channels
 * included, happens under one lock — which is what makes the local order the order the backups
 * replay. A change waits for the one before to be acknowledged, and for the end of a pause the
 * runtime asks for (while it brings a backup in, for example).
 *
 * <p><b>Failure behaviour:</b> if the runtime cannot be reached, sending fails and nothing is applied
 * locally (changes are never buffered). If the runtime ends the writer (FAILED: the set stopped, this
 * node is no longer primary, an operation was refused) or goes away, every later change, and every
 * call waiting for an acknowledgement, throws an IOException naming the set and the runtime's reason;
 * a call that was waiting for its acknowledgement has applied its change locally, and the backups may
 * lack it. Preconditions (the file exists, the directory is empty, ...) are checked before sending;
 * if a local apply still fails after its operation was sent (a disk error, another process writing
 * the directory), the connection is closed without BYE, the runtime applies that operation to this
 * directory itself, and later changes throw. There is no timeout: a runtime that stops acknowledging
 * holds the writers. Interrupting a writer can close the connection, as it closes any
 * InterruptibleChannel.
 */
public final class ReplicatedFiles implements AutoCloseable {

    private final WriterConnection connection;
    private final SetDirectory directory;

    private ReplicatedFiles(WriterConnection connection, SetDirectory directory) {
        this.connection = connection;
        this.directory = directory;
    }

    /**
     * Opens the set for writing through the runtime that launched this process or that
     * {@code -Dswift.control} names: its {@code replication.sock} beside the application socket.
     *
     * @throws IOException              when the runtime cannot be reached or refuses; the message says why
     * @throws IllegalArgumentException when neither {@code SWIFT_CONTROL} nor {@code -Dswift.control} is set
     */
    public static ReplicatedFiles open(String set) throws IOException {
        return open(set, socketFrom(System.getenv()));
    }

    /**
     * Opens the set for writing through the runtime listening at {@code socket}. A set takes one writing
     * connection at a time.
     *
     * @throws IOException when the runtime cannot be reached or refuses (not primary, not in replay mode,
     *                     already open), or its directory is not one here; the message says why
     */
    public static ReplicatedFiles open(String set, Path socket) throws IOException {
        if (set == null || set.isBlank()) {
            throw new IllegalArgumentException("a replication set's name is needed, not '" + set + "'");
        }
        WriterConnection connection = WriterConnection.open(set, socket);
        try {
            return new ReplicatedFiles(connection, new SetDirectory(set, connection.directory()));
        } catch (IOException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    /** {@code replication.sock} in the folder of the runtime's application socket. */
    static Path socketFrom(Map<String, String> environment) {
        String control = environment.get(RuntimeConnection.ENV_CONTROL);
        if (control == null || control.isBlank()) {
            control = System.getProperty("swift.control");
        }
        if (control == null || control.isBlank()) {
            throw new IllegalArgumentException("where is the runtime? Set " + RuntimeConnection.ENV_CONTROL
                    + " or -Dswift.control to its application socket (SWIFT_HOME/run/app.sock), or pass the "
                    + WriterProtocol.SOCKET_NAME + " beside it to ReplicatedFiles.open(set, socket)");
        }
        return Path.of(control).resolveSibling(WriterProtocol.SOCKET_NAME);
    }

    /** The set's name. */
    public String set() {
        return connection.set();
    }

    /** The set's directory on this node, as the runtime names it. */
    public Path directory() {
        return directory.path();
    }

    /** When the runtime acknowledges a change, as configured on the set. */
    public ReplicationLevel level() {
        return connection.level();
    }

    /**
     * Opens a file of the set as {@code FileChannel.open} does; changes through the channel are
     * replicated. Creating a missing file (CREATE, CREATE_NEW) is recorded, and so is TRUNCATE_EXISTING
     * on a non-empty file. Positional writes and transferFrom are refused on an APPEND channel, and
     * READ_WRITE and PRIVATE mappings always (UnsupportedOperationException, saying why); so is
     * DELETE_ON_CLOSE (delete with {@link #delete}). SYNC and DSYNC act locally; the backups make a
     * change durable at the set's level.
     */
    public FileChannel channel(Path path, OpenOption... options) throws IOException {
        String relative = directory.relative(path);
        return new ChannelOpening(connection, relative, directory.local(relative), Set.of(options)).open();
    }

    /** Writes {@code bytes} as the whole file (created or truncated first), as {@code Files.write} does; no force. */
    public Path write(Path path, byte[] bytes) throws IOException {
        Objects.requireNonNull(bytes, "bytes");
        String relative = directory.relative(path);
        try (FileChannel channel = new ChannelOpening(connection, relative, directory.local(relative),
                Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING))
                .open()) {
            channel.write(ByteBuffer.wrap(bytes));
        }
        return directory.local(relative);
    }

    /** Creates a directory, as {@code Files.createDirectory} does: its parent must exist, it must not. */
    public Path createDirectory(Path dir) throws IOException {
        String relative = directory.relative(dir);
        Path local = directory.local(relative);
        return connection.locked(() -> {
            if (Files.exists(local, LinkOption.NOFOLLOW_LINKS)) {
                throw new FileAlreadyExistsException(local.toString());
            }
            if (!Files.isDirectory(local.getParent())) {
                throw new NoSuchFileException(local.getParent().toString(), null, "the parent directory is missing");
            }
            return connection.perform(new Operation.Mkdir(relative), () -> Files.createDirectory(local));
        });
    }

    /** Creates a directory and missing parents, as {@code Files.createDirectories} does; sends nothing if it exists. */
    public Path createDirectories(Path dir) throws IOException {
        String relative = directory.relative(dir);
        Path local = directory.local(relative);
        return connection.locked(() -> {
            if (Files.isDirectory(local)) {
                return local;
            }
            for (Path existing = local; existing != null; existing = existing.getParent()) {
                if (Files.exists(existing)) {
                    if (!Files.isDirectory(existing)) {
                        throw new FileAlreadyExistsException(existing.toString(), null, "not a directory");
                    }
                    break;
                }
            }
            return connection.perform(new Operation.Mkdir(relative), () -> Files.createDirectories(local));
        });
    }

    /** Deletes a file, a symlink or an empty directory, as {@code Files.delete} does. */
    public void delete(Path path) throws IOException {
        String relative = directory.relative(path);
        Path local = directory.local(relative);
        connection.locked(() -> {
            BasicFileAttributes attributes = Files.readAttributes(local, BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS); // NoSuchFileException when missing, before anything is sent
            if (attributes.isDirectory() && !isEmpty(local)) {
                throw new DirectoryNotEmptyException(local.toString());
            }
            Operation operation = attributes.isDirectory() ? new Operation.Rmdir(relative)
                    : new Operation.Delete(relative);
            return connection.perform(operation, () -> {
                Files.delete(local);
                return null;
            });
        });
    }

    /** Deletes a file, a symlink or an empty directory if it exists; sends nothing if not. */
    public boolean deleteIfExists(Path path) throws IOException {
        String relative = directory.relative(path);
        return connection.locked(() -> {
            if (!Files.exists(directory.local(relative), LinkOption.NOFOLLOW_LINKS)) {
                return false;
            }
            delete(path);
            return true;
        });
    }

    /**
     * Moves a file or directory within the set, always as an atomic rename that replaces the target
     * (what the backups replay). Without REPLACE_EXISTING an existing target is refused as
     * {@code Files.move} would; ATOMIC_MOVE and NOFOLLOW_LINKS are accepted and change nothing.
     */
    public Path move(Path source, Path target, CopyOption... options) throws IOException {
        boolean replace = false;
        for (CopyOption option : options) {
            if (option == StandardCopyOption.REPLACE_EXISTING) {
                replace = true;
            } else if (option != StandardCopyOption.ATOMIC_MOVE && option != LinkOption.NOFOLLOW_LINKS) {
                throw new UnsupportedOperationException("move of " + source + " with " + option
                        + ": a replicated move is an atomic rename; only REPLACE_EXISTING, ATOMIC_MOVE and"
                        + " NOFOLLOW_LINKS apply");
            }
        }
        String from = directory.relative(source);
        String to = directory.relative(target);
        Path localFrom = directory.local(from);
        Path localTo = directory.local(to);
        boolean replaceExisting = replace;
        return connection.locked(() -> {
            if (!Files.exists(localFrom, LinkOption.NOFOLLOW_LINKS)) {
                throw new NoSuchFileException(localFrom.toString());
            }
            checkRenamable(localFrom, localTo);
            if (Files.exists(localTo, LinkOption.NOFOLLOW_LINKS) && !Files.isSameFile(localFrom, localTo)) {
                if (!replaceExisting) {
                    throw new FileAlreadyExistsException(localTo.toString());
                }
                checkReplaceable(localFrom, localTo);
            }
            return connection.perform(new Operation.Rename(from, to), () -> Files.move(localFrom, localTo,
                    StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING));
        });
    }

    /**
     * What rename(2) would refuse, refused before anything is sent: once sent, an operation reaches
     * the backups, and one the file system cannot carry out would be applied differently there.
     */
    private static void checkRenamable(Path from, Path to) throws IOException {
        Path parent = to.getParent();
        if (!Files.isDirectory(parent, LinkOption.NOFOLLOW_LINKS)) {
            throw new NoSuchFileException(to.toString(), null, "the target's directory " + parent
                    + (Files.exists(parent, LinkOption.NOFOLLOW_LINKS) ? " is not a directory" : " does not exist")
                    + "; create it first (createDirectories)");
        }
        boolean fromDirectory = Files.isDirectory(from, LinkOption.NOFOLLOW_LINKS);
        if (fromDirectory && to.startsWith(from) && !to.equals(from)) {
            throw new FileSystemException(from.toString(), to.toString(), "a directory cannot move into itself");
        }
    }

    private static void checkReplaceable(Path from, Path to) throws IOException {
        boolean fromDirectory = Files.isDirectory(from, LinkOption.NOFOLLOW_LINKS);
        if (Files.isDirectory(to, LinkOption.NOFOLLOW_LINKS) != fromDirectory) {
            throw new FileSystemException(from.toString(), to.toString(), fromDirectory
                    ? "a directory cannot replace a file" : "a file cannot replace a directory");
        }
        if (fromDirectory && !isEmpty(to)) {
            throw new DirectoryNotEmptyException(to.toString());
        }
    }

    /** Sets a file's or directory's POSIX permissions, as {@code Files.setPosixFilePermissions} does. */
    public Path setPosixFilePermissions(Path path, Set<PosixFilePermission> permissions) throws IOException {
        Objects.requireNonNull(permissions, "permissions");
        String relative = directory.relative(path);
        Path local = directory.local(relative);
        int bits = 0;
        for (PosixFilePermission permission : permissions) {
            bits |= 1 << (8 - permission.ordinal()); // OWNER_READ is 0400 ... OTHERS_EXECUTE 0001
        }
        Operation operation = new Operation.SetAttributes(relative, bits, Operation.SetAttributes.UNCHANGED_TIME);
        return connection.locked(() -> {
            checkExists(local);
            return connection.perform(operation, () -> Files.setPosixFilePermissions(local, permissions));
        });
    }

    /**
     * Sets a file's or directory's last-modified time, to the millisecond (what the backups keep), as
     * {@code Files.setLastModifiedTime} does.
     */
    public Path setLastModifiedTime(Path path, FileTime time) throws IOException {
        Objects.requireNonNull(time, "time");
        String relative = directory.relative(path);
        Path local = directory.local(relative);
        long millis = time.toMillis();
        Operation operation = new Operation.SetAttributes(relative, Operation.SetAttributes.UNCHANGED_PERMISSIONS,
                millis);
        return connection.locked(() -> {
            checkExists(local);
            return connection.perform(operation, () -> Files.setLastModifiedTime(local, FileTime.fromMillis(millis)));
        });
    }

    /**
     * Waits for the change in progress to be acknowledged, tells the runtime this writer is done (BYE)
     * and closes the connection. Channels stay open for reading; their changes then throw. Idempotent.
     */
    @Override
    public void close() {
        connection.close();
    }

    @Override
    public String toString() {
        return "ReplicatedFiles[" + set() + " in " + directory() + ", " + level() + "]";
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            return !entries.iterator().hasNext();
        }
    }

    private static void checkExists(Path local) throws IOException {
        if (!Files.exists(local)) {
            throw new NoSuchFileException(local.toString());
        }
    }
}
