package org.swiftft.replication.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Byte-for-byte comparison of two directory trees: names, kinds, contents and permissions. */
final class DirectoryComparison {

    private DirectoryComparison() {
    }

    static void assertSameTree(Path expected, Path actual) throws IOException {
        List<String> left = listing(expected);
        List<String> right = listing(actual);
        assertEquals(left, right, "the trees hold different entries");
        for (String relative : left) {
            Path a = expected.resolve(relative);
            Path b = actual.resolve(relative);
            assertEquals(Files.getPosixFilePermissions(a, LinkOption.NOFOLLOW_LINKS),
                    Files.getPosixFilePermissions(b, LinkOption.NOFOLLOW_LINKS), "permissions of " + relative);
            if (Files.isRegularFile(a, LinkOption.NOFOLLOW_LINKS)) {
                byte[] x = Files.readAllBytes(a);
                byte[] y = Files.readAllBytes(b);
                if (!Arrays.equals(x, y)) {
                    fail(relative + " differs: " + x.length + " vs " + y.length + " bytes, first difference at "
                            + Arrays.mismatch(x, y));
                }
            }
        }
    }

    private static List<String> listing(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> !p.equals(root))
                    .map(p -> root.relativize(p) + (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? "/" : ""))
                    .sorted().collect(Collectors.toList());
        }
    }
}
