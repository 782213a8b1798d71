package org.swiftft.libft.replication;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
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
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.swiftft.libft.replication.wire.Operation;

/**
 * The simplest replayer that follows each operation's javadoc, and a comparer of two trees: what a
 * backup would hold after replaying what the writer sent must be what the writer holds.
 */
final class ReferenceReplay {

    private ReferenceReplay() {
    }

    static void apply(Path root, List<Operation> operations) throws IOException {
        for (Operation operation : operations) {
            apply(root, operation);
        }
    }

    private static void apply(Path root, Operation operation) throws IOException {
        Path path = root.resolve(operation.path());
        if (operation instanceof Operation.Create) {
            Files.write(path, new byte[0]);
        } else if (operation instanceof Operation.WriteAt write) {
            writeAt(path, write.position(), write.data());
        } else if (operation instanceof Operation.Append append) {
            writeAt(path, append.offset(), append.data());
        } else if (operation instanceof Operation.Truncate truncate) {
            try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE)) {
                channel.truncate(truncate.size());
            }
        } else if (operation instanceof Operation.Rename rename) {
            Files.move(path, root.resolve(rename.target()), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } else if (operation instanceof Operation.Delete || operation instanceof Operation.Rmdir) {
            Files.delete(path);
        } else if (operation instanceof Operation.Mkdir) {
            Files.createDirectories(path);
        } else if (operation instanceof Operation.SetAttributes attributes) {
            if (attributes.permissions() != Operation.SetAttributes.UNCHANGED_PERMISSIONS) {
                Files.setPosixFilePermissions(path, permissions(attributes.permissions()));
            }
            if (attributes.modifiedMillis() != Operation.SetAttributes.UNCHANGED_TIME) {
                Files.setLastModifiedTime(path, FileTime.fromMillis(attributes.modifiedMillis()));
            }
        } else if (!(operation instanceof Operation.Force)) {
            throw new AssertionError("the writer never sends " + operation);
        }
    }

    private static void writeAt(Path path, long position, byte[] data) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(data);
            long at = position;
            while (buffer.hasRemaining()) {
                at += channel.write(buffer, at);
            }
        }
    }

    private static Set<PosixFilePermission> permissions(int bits) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        for (PosixFilePermission permission : PosixFilePermission.values()) {
            if ((bits & (1 << (8 - permission.ordinal()))) != 0) {
                set.add(permission);
            }
        }
        return set;
    }

    /** Same entries, kinds, bytes and permissions (times change with every write, so they are not compared). */
    static void assertSameTree(Path expected, Path actual) throws IOException {
        TreeMap<String, Path> left = entries(expected);
        TreeMap<String, Path> right = entries(actual);
        assertEquals(left.keySet(), right.keySet(), "the entries of " + actual + " against " + expected);
        for (String name : left.keySet()) {
            Path a = left.get(name);
            Path b = right.get(name);
            assertEquals(Files.isDirectory(a, LinkOption.NOFOLLOW_LINKS), Files.isDirectory(b, LinkOption.NOFOLLOW_LINKS),
                    name + " is a directory on one side only");
            assertEquals(Files.getPosixFilePermissions(a), Files.getPosixFilePermissions(b), "permissions of " + name);
            if (Files.isRegularFile(a)) {
                assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b), "bytes of " + name);
            }
        }
    }

    private static TreeMap<String, Path> entries(Path root) throws IOException {
        TreeMap<String, Path> entries = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(path -> !path.equals(root)).forEach(path -> entries.put(root.relativize(path).toString(), path));
        }
        return entries;
    }
}
