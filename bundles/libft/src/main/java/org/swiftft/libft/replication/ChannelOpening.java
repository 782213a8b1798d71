package org.swiftft.libft.replication;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;

import org.swiftft.libft.replication.wire.Operation;

/**
 * Opens a {@link ReplicatedFileChannel} and records what opening changes: a Create when a writable
 * open creates the file (the backup must have the empty file even if nothing is ever written), a
 * Truncate to 0 when TRUNCATE_EXISTING empties a file. An existing file is opened first without
 * TRUNCATE_EXISTING, so that the real open checks the options and the access before anything is sent.
 */
final class ChannelOpening {

    private final WriterConnection connection;
    private final String path;
    private final Path local;
    private final Set<OpenOption> options;
    private final boolean append;
    private final boolean writable;

    ChannelOpening(WriterConnection connection, String path, Path local, Set<OpenOption> options) {
        this.connection = connection;
        this.path = path;
        this.local = local;
        this.options = options;
        this.append = options.contains(StandardOpenOption.APPEND);
        this.writable = append || options.contains(StandardOpenOption.WRITE);
    }

    ReplicatedFileChannel open() throws IOException {
        checkOptions();
        if (!writable) {
            return wrap(FileChannel.open(local, options)); // reading changes nothing: nothing to record
        }
        return connection.locked(() -> {
            LinkOption[] follow = options.contains(LinkOption.NOFOLLOW_LINKS)
                    ? new LinkOption[] {LinkOption.NOFOLLOW_LINKS} : new LinkOption[0];
            boolean creates = options.contains(StandardOpenOption.CREATE_NEW)
                    || options.contains(StandardOpenOption.CREATE);
            if (creates && !Files.exists(local, follow)) {
                return create();
            }
            return openExisting();
        });
    }

    /** The file is missing: Create is sent, then the file created by the real open. */
    private ReplicatedFileChannel create() throws IOException {
        if (!Files.isDirectory(local.getParent())) {
            throw new NoSuchFileException(local.toString(), null, "its directory is missing");
        }
        FileChannel file = connection.sendAndApply(new Operation.Create(path), () -> FileChannel.open(local, options));
        return acknowledged(file);
    }

    private ReplicatedFileChannel openExisting() throws IOException {
        Set<OpenOption> keep = new HashSet<>(options);
        boolean truncate = keep.remove(StandardOpenOption.TRUNCATE_EXISTING);
        FileChannel file = FileChannel.open(local, keep); // NoSuchFile, FileAlreadyExists, AccessDenied: nothing sent
        if (!truncate) {
            return wrap(file);
        }
        try {
            if (file.size() > 0) {
                connection.sendAndApply(new Operation.Truncate(path, 0), () -> file.truncate(0));
            }
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
        return acknowledged(file);
    }

    /** The open's record acknowledged at the set's level; the channel closed when it is not. */
    private ReplicatedFileChannel acknowledged(FileChannel file) throws IOException {
        try {
            connection.awaitAcknowledged();
        } catch (IOException e) {
            file.close();
            throw e;
        }
        return wrap(file);
    }

    private ReplicatedFileChannel wrap(FileChannel file) {
        return new ReplicatedFileChannel(connection, path, file, writable, append);
    }

    /** What FileChannel.open would refuse only after creating the file, or what cannot be replicated. */
    private void checkOptions() {
        for (OpenOption option : options) {
            if (!(option instanceof StandardOpenOption) && option != LinkOption.NOFOLLOW_LINKS) {
                throw new UnsupportedOperationException("open option " + option + " for " + path);
            }
        }
        if (options.contains(StandardOpenOption.DELETE_ON_CLOSE)) {
            throw new UnsupportedOperationException("DELETE_ON_CLOSE for " + path + " in replication set '"
                    + connection.set() + "': the deletion at close would not be replicated; delete the file"
                    + " with ReplicatedFiles.delete");
        }
        if (append && (options.contains(StandardOpenOption.READ)
                || options.contains(StandardOpenOption.TRUNCATE_EXISTING))) {
            throw new IllegalArgumentException("APPEND with READ or TRUNCATE_EXISTING for " + path
                    + ": FileChannel refuses them together");
        }
    }
}
