package org.swiftft.replication.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.swiftft.libft.replication.wire.Operation;
import org.swiftft.libft.replication.wire.OperationCodec;
import org.swiftft.replication.internal.TreeManifest.Entry;

/**
 * The operations that turn a backup's copy (as its manifest describes it) into the primary's tree,
 * sending only blocks that differ. A changed file is built beside the old one from the backup's own
 * bytes plus the differing blocks, then renamed into place, so the copy never shows a half-made file.
 *
 * <p>Correct only while neither tree changes: the caller holds the set's writer (replay mode) and
 * the backup applies nothing else meanwhile. In copy mode the application may still write; a file
 * caught mid-change is shipped again once it is quiet.
 */
final class ResyncPlanner {

    /** Operations go out as they are made: a large tree is never held in memory. */
    interface Sink {
        void accept(Operation operation) throws IOException;
    }

    static final String TEMP_PREFIX = ".swift-resync.";

    private ResyncPlanner() {
    }

    /** @return bytes of file content sent */
    static long plan(Path root, TreeManifest primary, TreeManifest backup, Sink out) throws IOException {
        removeExtras(primary, backup, out);
        long sent = 0;
        for (Entry mine : primary.entries().values()) {
            Entry theirs = backup.entries().get(mine.path());
            boolean sameKind = theirs != null && theirs.directory() == mine.directory();
            if (mine.directory()) {
                if (!sameKind) {
                    out.accept(new Operation.Mkdir(mine.path()));
                }
                if (!sameKind || theirs.permissions() != mine.permissions()) {
                    out.accept(attributes(mine.path(), mine.permissions(), Operation.SetAttributes.UNCHANGED_TIME));
                }
            } else if (!sameKind || mine.size() != theirs.size() || TreeManifest.firstDifferentBlock(mine, theirs) >= 0) {
                sent += install(root, mine, sameKind ? theirs : null, out);
            } else if (mine.permissions() != theirs.permissions()) {
                out.accept(attributes(mine.path(), mine.permissions(), Operation.SetAttributes.UNCHANGED_TIME));
            }
        }
        return sent;
    }

    /** Deepest first (reverse path order puts "a/b" before "a"), so directories are empty when removed. */
    private static void removeExtras(TreeManifest primary, TreeManifest backup, Sink out) throws IOException {
        List<Entry> extras = new ArrayList<>();
        for (Entry theirs : backup.entries().values()) {
            Entry mine = primary.entries().get(theirs.path());
            if (mine == null || mine.directory() != theirs.directory()) {
                extras.add(theirs);
            }
        }
        Collections.reverse(extras);
        for (Entry extra : extras) {
            out.accept(extra.directory() ? new Operation.Rmdir(extra.path()) : new Operation.Delete(extra.path()));
        }
    }

    private static long install(Path root, Entry mine, Entry theirs, Sink out) throws IOException {
        String temp = tempName(mine.path());
        out.accept(theirs == null ? new Operation.Create(temp) : new Operation.CopyFile(mine.path(), temp));
        long sent = 0;
        Path file = root.resolve(mine.path());
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            int block = 0;
            while (block < mine.blocks()) {
                if (theirs != null && mine.sameBlock(theirs, block)) {
                    block++;
                    continue;
                }
                int run = 1; // adjacent differing blocks go in one write of up to an operation's size
                while (block + run < mine.blocks() && (run + 1) * TreeManifest.BLOCK_BYTES <= OperationCodec.MAX_DATA_BYTES
                        && !(theirs != null && mine.sameBlock(theirs, block + run))) {
                    run++;
                }
                long position = (long) block * TreeManifest.BLOCK_BYTES;
                byte[] data = read(channel, position, (int) Math.min((long) run * TreeManifest.BLOCK_BYTES,
                        mine.size() - position));
                out.accept(new Operation.WriteAt(temp, position, data));
                sent += data.length;
                block += run;
            }
        }
        out.accept(new Operation.Truncate(temp, mine.size()));
        out.accept(attributes(temp, mine.permissions(),
                Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS).toMillis()));
        out.accept(new Operation.Force(temp));
        out.accept(new Operation.Rename(temp, mine.path()));
        return sent;
    }

    private static byte[] read(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(Math.max(0, length));
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                break; // the file shrank under us (copy mode): ship what is there; it is shipped again once quiet
            }
        }
        return buffer.position() == buffer.capacity() ? buffer.array()
                : java.util.Arrays.copyOf(buffer.array(), buffer.position());
    }

    private static Operation attributes(String path, int permissions, long modifiedMillis) {
        return new Operation.SetAttributes(path, permissions & 0777, modifiedMillis);
    }

    static String tempName(String path) {
        int slash = path.lastIndexOf('/');
        return path.substring(0, slash + 1) + TEMP_PREFIX + path.substring(slash + 1);
    }

    static boolean isTemp(String path) {
        int slash = path.lastIndexOf('/');
        return path.startsWith(TEMP_PREFIX, slash + 1);
    }
}
