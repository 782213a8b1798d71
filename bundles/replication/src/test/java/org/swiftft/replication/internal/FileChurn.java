package org.swiftft.replication.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Random changes made directly to a directory, as an application that does not use libft makes
 * them: create, overwrite in place, append, truncate, delete, chmod, mkdir and rmdir of trees; files
 * from empty to a few MB.
 */
final class FileChurn {

    private final Random random;
    private final Path directory;

    FileChurn(long seed, Path directory) {
        this.random = new Random(seed);
        this.directory = directory;
    }

    void run(int changes) throws IOException {
        for (int i = 0; i < changes; i++) {
            step();
        }
    }

    private void step() throws IOException {
        List<Path> files = files();
        int dice = random.nextInt(100);
        if (files.size() < 4 || dice < 15) {
            Path file = directory.resolve(randomDirectory()).resolve("f" + random.nextInt(30));
            Files.createDirectories(file.getParent());
            Files.write(file, bytes(size()));
            return;
        }
        Path file = files.get(random.nextInt(files.size()));
        long size = Files.size(file);
        if (dice < 45) {
            write(file, size == 0 ? 0 : (long) (random.nextDouble() * size), bytes(random.nextInt(100_000)));
        } else if (dice < 70) {
            write(file, size, bytes(random.nextInt(200_000)));
        } else if (dice < 78) {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                channel.truncate((long) (random.nextDouble() * size));
            }
        } else if (dice < 84) {
            Files.setPosixFilePermissions(file, Replayer.permissions(0600 | random.nextInt(0100)));
        } else if (dice < 94) {
            Files.delete(file);
        } else {
            deleteTree(directory.resolve("d" + random.nextInt(3)));
        }
    }

    private String randomDirectory() {
        int d = random.nextInt(4);
        return d == 3 ? "." : "d" + d + (random.nextBoolean() ? "/e" + random.nextInt(2) : "");
    }

    /** Mostly small; one in ten up to 3 MB. */
    private int size() {
        return random.nextInt(10) == 0 ? random.nextInt(3 << 20) : random.nextInt(200_000);
    }

    private byte[] bytes(int length) {
        byte[] data = new byte[length];
        random.nextBytes(data);
        return data;
    }

    private static void write(Path file, long position, byte[] data) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(data);
            long at = position;
            while (buffer.hasRemaining()) {
                at += channel.write(buffer, at);
            }
        }
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> walk = Files.walk(directory)) {
            return new ArrayList<>(walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                    .filter(p -> !p.getFileName().toString().equals(CopyModeFixture.SENTINEL)).sorted().toList());
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
