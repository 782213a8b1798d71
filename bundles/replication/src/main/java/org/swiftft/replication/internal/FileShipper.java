package org.swiftft.replication.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.swiftft.libft.replication.wire.Operation;
import org.swiftft.libft.replication.wire.OperationCodec;

/**
 * Ships one quiet file to the backups as an atomic install: {@code CopyFile(F, T)} gives the backup
 * a copy of its own version of F under a temporary name T beside it, the changed blocks are written
 * into T, T is cut to size, given F's permissions and mtime, forced, and renamed over F. A reader on
 * the backup therefore sees the old F or the new one, never a mix (the replayer's rename is
 * atomic and, as a barrier, never replayed twice).
 *
 * <p>The blocks are hashed while read, and a block is sent when its hash differs from the one in
 * the signatures of the version last shipped (all blocks when there are none). The file is read
 * once; its stamp is compared before and after: if it changed, T is deleted instead of renamed, so
 * the backup's F is untouched, and the caller waits for the next quiet period.
 *
 * <p>For one thread (the source's shipper).
 */
final class FileShipper {

    /** Temporary names end so; the watcher ignores such names on the primary. */
    static final String TEMP_SUFFIX = ".swift-copy";
    private static final int MAX_NAME_BYTES = 255;

    /** What shipping did. */
    sealed interface Outcome {
    }

    /** The new version is installed (once the operations are applied). */
    record Installed(FileStamp stamp, BlockSignatures blocks, long dataBytes) implements Outcome {
    }

    /** No byte changed: only permissions and mtime were set on F itself, which needs no install. */
    record AttributesOnly(FileStamp stamp) implements Outcome {
    }

    /** The file changed or vanished while read: nothing was installed. */
    record Unstable(FileStamp now) implements Outcome {
    }

    private final OperationSink sink;
    private final Consumer<CompletionStage<Long>> submitted;
    private final ByteBuffer block = ByteBuffer.allocate(BlockSignatures.BLOCK_BYTES);
    private final byte[] run = new byte[OperationCodec.MAX_DATA_BYTES];

    /** @param submitted receives the stage of every submitted operation, so the caller can await them */
    FileShipper(OperationSink sink, Consumer<CompletionStage<Long>> submitted) {
        this.sink = sink;
        this.submitted = submitted;
    }

    /** The temporary name beside {@code path}; a hash stands in for a name too long to extend. */
    static String tempName(String path) {
        int slash = path.lastIndexOf('/');
        String name = path.substring(slash + 1);
        String prefix = path.substring(0, slash + 1);
        if (name.getBytes(StandardCharsets.UTF_8).length + 1 + TEMP_SUFFIX.length() > MAX_NAME_BYTES) {
            try {
                byte[] digest = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
                name = HexFormat.of().formatHex(digest, 0, 16);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every Java platform has SHA-256", e);
            }
        }
        return prefix + "." + name + TEMP_SUFFIX;
    }

    static boolean isTempName(String fileName) {
        return fileName.startsWith(".") && fileName.endsWith(TEMP_SUFFIX);
    }

    /**
     * Ships {@code file} (at {@code path} in the set), last seen with stamp {@code before}.
     *
     * @param old the signatures of the version the backup holds, or {@code null} to send every block
     * @throws IOException          if the file cannot be opened or read; T may be left on the backup,
     *                              where the next ship of F replaces it
     * @throws InterruptedException if interrupted while the sink waited for room
     */
    Outcome ship(String path, Path file, FileStamp before, BlockSignatures old)
            throws IOException, InterruptedException {
        String temp = tempName(path);
        BlockSignatures.Builder hashes = new BlockSignatures.Builder();
        boolean copied = false;
        long runStart = -1;
        int runLength = 0;
        long dataBytes = 0;
        long size = 0;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            for (int index = 0;; index++) {
                int read = readBlock(channel, size);
                if (read == 0) {
                    break;
                }
                byte[] hash = hashes.add(block.duplicate());
                if (old == null || !old.sameBlock(index, hash)) {
                    if (!copied) {
                        submit(new Operation.CopyFile(path, temp));
                        copied = true;
                    }
                    if (runLength > 0 && (runStart + runLength != size || runLength + read > run.length)) {
                        dataBytes += flush(temp, runStart, runLength);
                        runLength = 0;
                    }
                    if (runLength == 0) {
                        runStart = size;
                    }
                    block.get(run, runLength, read);
                    runLength += read;
                }
                size += read;
                if (read < BlockSignatures.BLOCK_BYTES) {
                    break;
                }
            }
            if (runLength > 0) {
                dataBytes += flush(temp, runStart, runLength);
            }
        }
        BlockSignatures signatures = hashes.build();
        FileStamp after = FileStamp.of(file);
        if (!before.equals(after) || size != before.size()) {
            if (copied) {
                submit(new Operation.Delete(temp));
            }
            return new Unstable(after);
        }
        if (!copied && old != null && signatures.blocks() == old.blocks()) {
            submit(new Operation.SetAttributes(path, after.permissions(), after.modifiedMillis()));
            return new AttributesOnly(after);
        }
        if (!copied) {
            submit(new Operation.CopyFile(path, temp)); // only shorter: the copy is cut below
        }
        submit(new Operation.Truncate(temp, size));
        submit(new Operation.SetAttributes(temp, after.permissions(), after.modifiedMillis()));
        submit(new Operation.Force(temp));
        submit(new Operation.Rename(temp, path));
        return new Installed(after, signatures, dataBytes);
    }

    /** Reads up to a block at {@code position} into {@link #block}, flipped; 0 at the end. */
    private int readBlock(FileChannel channel, long position) throws IOException {
        block.clear();
        while (block.hasRemaining()) {
            int n = channel.read(block, position + block.position());
            if (n < 0) {
                break;
            }
        }
        block.flip();
        return block.remaining();
    }

    private int flush(String temp, long position, int length) throws InterruptedException {
        byte[] data = java.util.Arrays.copyOf(run, length);
        submit(new Operation.WriteAt(temp, position, data));
        return length;
    }

    private void submit(Operation operation) throws InterruptedException {
        submitted.accept(Objects.requireNonNull(sink.submit(operation)));
    }
}
