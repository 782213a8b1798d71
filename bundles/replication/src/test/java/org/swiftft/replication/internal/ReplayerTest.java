package org.swiftft.replication.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.swiftft.libft.replication.wire.Operation;

class ReplayerTest {

    @TempDir
    Path temp;

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static final List<Operation> SCRIPT = List.of(
            new Operation.Mkdir("d"),
            new Operation.Create("d/f"),
            new Operation.WriteAt("d/f", 0, bytes("hello world")),
            new Operation.Append("d/f", 11, bytes("!!")),
            new Operation.Truncate("d/f", 12),
            new Operation.WriteAt("d/f", 20, bytes("tail")),
            new Operation.SetAttributes("d/f", 0640, 1_600_000_000_000L),
            new Operation.Force("d/f"),
            new Operation.Create("g"),
            new Operation.Append("g", 0, bytes("gg")),
            new Operation.Rename("g", "d/h"),
            new Operation.CopyFile("d/f", "d/.f.new"),
            new Operation.WriteAt("d/.f.new", 2, bytes("XY")),
            new Operation.Rename("d/.f.new", "d/f"),
            new Operation.CopyFile("missing", "d/empty"),
            new Operation.Mkdir("e"),
            new Operation.Rmdir("e"),
            new Operation.Create("gone"),
            new Operation.Delete("gone"));

    @Test
    void everyOperationAppliedTwiceInARowChangesNothing() throws Exception {
        Path once = Files.createDirectory(temp.resolve("once"));
        Path twice = Files.createDirectory(temp.resolve("twice"));
        Replayer single = new Replayer(once);
        Replayer doubled = new Replayer(twice);
        for (Operation operation : SCRIPT) {
            single.apply(operation, "test");
            doubled.apply(operation, "test");
            doubled.apply(operation, "test");
        }
        single.syncTouched();
        doubled.syncTouched();
        DirectoryComparison.assertSameTree(once, twice);
        byte[] expected = new byte[24];
        System.arraycopy(bytes("hello world!"), 0, expected, 0, 12);
        System.arraycopy(bytes("tail"), 0, expected, 20, 4);
        System.arraycopy(bytes("XY"), 0, expected, 2, 2); // copied beside, changed, renamed into place
        assertArrayEquals(expected, Files.readAllBytes(once.resolve("d/f")));
        assertFalse(Files.exists(once.resolve("d/.f.new")));
        assertEquals(0, Files.size(once.resolve("d/empty")));
        assertArrayEquals(bytes("gg"), Files.readAllBytes(once.resolve("d/h")));
        assertFalse(Files.exists(once.resolve("g")));
        assertFalse(Files.exists(once.resolve("gone")));
    }

    @Test
    void theWholeScriptAppliedAgainAfterItsBarriersEndsInTheSameState() throws Exception {
        Path dir = Files.createDirectory(temp.resolve("dir"));
        Path reference = Files.createDirectory(temp.resolve("reference"));
        Replayer replayer = new Replayer(dir);
        Replayer once = new Replayer(reference);
        int lastBarrier = 0;
        for (int i = 0; i < SCRIPT.size(); i++) {
            replayer.apply(SCRIPT.get(i), "test");
            once.apply(SCRIPT.get(i), "test");
            lastBarrier = Replayer.isBarrier(SCRIPT.get(i)) ? i : lastBarrier;
        }
        // A crash after the last barrier's checkpoint: everything after it is applied again.
        for (int i = lastBarrier; i < SCRIPT.size(); i++) {
            replayer.apply(SCRIPT.get(i), "test");
        }
        DirectoryComparison.assertSameTree(reference, dir);
    }

    @Test
    void pathsLeadingOutsideTheSetAreRefusedAndNothingIsWritten() throws Exception {
        Path set = Files.createDirectory(temp.resolve("set"));
        Path outside = Files.createDirectory(temp.resolve("outside"));
        Files.createSymbolicLink(set.resolve("escape"), outside);
        Files.createSymbolicLink(set.resolve("dangling"), temp.resolve("nowhere"));
        Replayer replayer = new Replayer(set);
        for (String path : List.of("../outside/x", "/tmp/x", "a/../../x", "escape/x", "dangling", "a//b", "./x", "")) {
            PathRefusedException e = assertThrows(PathRefusedException.class,
                    () -> replayer.apply(new Operation.WriteAt(path, 0, bytes("evil")), "operation 7 from 10.0.0.9:7000"),
                    path);
            assertTrue(e.getMessage().contains("operation 7 from 10.0.0.9:7000"), e.getMessage());
        }
        assertThrows(PathRefusedException.class, () -> replayer.apply(new Operation.Rename("a", "../b"), "t"));
        assertEquals(0, Files.list(outside).count());
        assertFalse(Files.exists(temp.resolve("nowhere")));
        assertFalse(replayer.dirty());
    }

    @Test
    void aSymlinkStayingInsideTheSetIsFollowed() throws Exception {
        Path set = Files.createDirectory(temp.resolve("set"));
        Files.createDirectory(set.resolve("real"));
        Files.createSymbolicLink(set.resolve("alias"), set.resolve("real"));
        new Replayer(set).apply(new Operation.WriteAt("alias/f", 0, bytes("ok")), "t");
        assertArrayEquals(bytes("ok"), Files.readAllBytes(set.resolve("real/f")));
    }

    @Test
    void rmdirRemovesWhatTheCopyHoldsThatThePrimaryNeverHad() throws Exception {
        Path copy = Files.createDirectory(temp.resolve("copy"));
        Files.createDirectories(copy.resolve("d/stray/deeper"));
        Files.writeString(copy.resolve("d/stray/deeper/left.txt"), "never on the primary");
        Path outside = Files.writeString(temp.resolve("outside.txt"), "keep");
        Files.createSymbolicLink(copy.resolve("d/link"), outside);
        Replayer replayer = new Replayer(copy);
        replayer.apply(new Operation.Rmdir("d"), "test");
        replayer.syncTouched();
        assertFalse(Files.exists(copy.resolve("d"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
        assertEquals("keep", Files.readString(outside), "a link is removed, never followed");
    }
}
