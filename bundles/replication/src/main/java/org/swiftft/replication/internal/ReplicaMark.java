package org.swiftft.replication.internal;

import java.io.IOException;
import java.io.SyncFailedException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;
import org.swiftft.libft.replication.wire.WireFormatException;

/**
 * What a backup has durably: the last operation sequence applied to its copy and the set's epoch.
 * Replaced atomically (temp file, fsync, rename, fsync of the directory), so a crash leaves the old
 * mark or the new one, and a restart neither skips an operation nor re-applies a barrier.
 *
 * <pre>
 * magic "SWRM" u32 | version u16 | reserved u16 = 0 | epoch i64 | applied sequence i64 | CRC32C of bytes 0..23
 * </pre>
 *
 * @param epoch   the newest epoch accepted; frames of older epochs are refused
 * @param applied the last sequence applied and made durable in the copy
 */
public record ReplicaMark(long epoch, long applied) {

    static final String FILE = "replica.mark";
    private static final int MAGIC = 0x5357524D; // "SWRM"
    private static final int VERSION = 1;
    private static final int BYTES = 28;

    /** The mark in {@code stateDirectory}, or epoch 0 and nothing applied if there is none yet. */
    public static ReplicaMark read(Path stateDirectory) throws IOException {
        Path file = stateDirectory.resolve(FILE);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return new ReplicaMark(0, 0);
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        if (bytes.length != BYTES || in.getInt() != MAGIC) {
            throw new WireFormatException(file + ": not a replica mark (" + bytes.length + " bytes, bad magic);"
                    + " restore it from a copy or resync the set");
        }
        int version = in.getShort() & 0xFFFF;
        if (version != VERSION) {
            throw new WireFormatException(file + ": replica mark version " + version + " is not supported");
        }
        in.getShort();
        long epoch = in.getLong();
        long applied = in.getLong();
        if (in.getInt() != crc(bytes)) {
            throw new WireFormatException(file + ": replica mark fails its CRC32C; the disk damaged it: resync the set");
        }
        return new ReplicaMark(epoch, applied);
    }

    /** Writes this mark durably; an fsync failure is fatal ({@link SyncFailedException}). */
    public void write(Path stateDirectory) throws IOException {
        ByteBuffer out = ByteBuffer.allocate(BYTES);
        out.putInt(MAGIC).putShort((short) VERSION).putShort((short) 0).putLong(epoch).putLong(applied);
        out.putInt(crc(out.array()));
        out.flip();
        Path temp = stateDirectory.resolve(FILE + ".tmp");
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            while (out.hasRemaining()) {
                channel.write(out);
            }
            force(channel, temp);
        }
        Files.move(temp, stateDirectory.resolve(FILE), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel directory = FileChannel.open(stateDirectory, StandardOpenOption.READ)) {
            force(directory, stateDirectory);
        }
    }

    private static void force(FileChannel channel, Path path) throws SyncFailedException {
        try {
            channel.force(true);
        } catch (IOException e) {
            SyncFailedException fatal = new SyncFailedException("fsync of " + path + " failed: " + e
                    + "; the replica mark can no longer be trusted: fix the disk and resync the set");
            fatal.initCause(e);
            throw fatal;
        }
    }

    private static int crc(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, BYTES - 4);
        return (int) crc.getValue();
    }
}
