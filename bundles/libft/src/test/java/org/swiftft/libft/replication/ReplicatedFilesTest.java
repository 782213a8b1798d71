package org.swiftft.libft.replication;

import static java.nio.file.StandardOpenOption.APPEND;
import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.TRUNCATE_EXISTING;
import static java.nio.file.StandardOpenOption.WRITE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.swiftft.libft.replication.WriterFixture.bytes;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.swiftft.libft.replication.wire.WriterProtocol;

class ReplicatedFilesTest {

    @TempDir
    Path temp;
    WriterFixture fixture;
    ReplicatedFiles files;

    @BeforeEach
    void open() throws IOException {
        fixture = WriterFixture.open(temp, ReplicationLevel.DURABLE);
        files = fixture.files;
    }

    @AfterEach
    void close() throws IOException {
        fixture.close();
    }

    @Test
    void openedGivesTheRuntimesDirectoryAndLevel() {
        assertEquals(fixture.directory, files.directory());
        assertEquals(ReplicationLevel.DURABLE, files.level());
        assertEquals(WriterFixture.SET, files.set());
    }

    @Test
    void directoriesAreRecordedAsMkdirAndRmdir() throws Exception {
        files.createDirectory(Path.of("a"));
        files.createDirectories(Path.of("a/b/c"));
        files.createDirectories(Path.of("a/b"));
        files.delete(Path.of("a/b/c"));
        assertEquals("Mkdir a", fixture.nextShown());
        assertEquals("Mkdir a/b/c", fixture.nextShown());
        assertEquals("Rmdir a/b/c", fixture.nextShown(), "a/b existed: nothing was sent for it");
        assertTrue(Files.isDirectory(fixture.directory.resolve("a/b")));
    }

    @Test
    void failedPreconditionsThrowAsFilesDoesAndSendNothing() throws Exception {
        files.createDirectories(Path.of("d/e"));
        files.write(Path.of("f"), bytes("x"));
        assertThrows(FileAlreadyExistsException.class, () -> files.createDirectory(Path.of("d")));
        assertThrows(NoSuchFileException.class, () -> files.createDirectory(Path.of("missing/x")));
        assertThrows(DirectoryNotEmptyException.class, () -> files.delete(Path.of("d")));
        assertThrows(NoSuchFileException.class, () -> files.delete(Path.of("nothing")));
        assertThrows(FileAlreadyExistsException.class, () -> files.move(Path.of("d"), Path.of("f")));
        assertFalse(files.deleteIfExists(Path.of("nothing")));
        files.delete(Path.of("f"));
        assertEquals("Mkdir d/e", fixture.nextShown());
        assertEquals("Create f", fixture.nextShown());
        assertEquals("WriteAt f 0 x", fixture.nextShown());
        assertEquals("Delete f", fixture.nextShown(), "nothing between: the refused calls sent nothing");
    }

    @Test
    void movesTheFileSystemWouldRefuseAreRefusedBeforeAnythingIsSent() throws Exception {
        files.createDirectories(Path.of("dd/inner"));
        files.write(Path.of("f"), bytes("x"));
        for (int i = 0; i < 3; i++) {
            fixture.nextShown(); // Mkdir dd/inner, Create f, WriteAt f
        }
        assertThrows(NoSuchFileException.class, () -> files.move(Path.of("f"), Path.of("nodir/f")));
        assertThrows(FileSystemException.class, () -> files.move(Path.of("f"), Path.of("f/under")));
        assertThrows(FileSystemException.class, () -> files.move(Path.of("dd"), Path.of("dd/inner/dd")));
        assertThrows(FileSystemException.class, () -> files.move(Path.of("f"), Path.of("dd"),
                StandardCopyOption.REPLACE_EXISTING));
        assertThrows(FileSystemException.class, () -> files.move(Path.of("dd/inner"), Path.of("f"),
                StandardCopyOption.REPLACE_EXISTING));
        files.delete(Path.of("f"));
        assertEquals("Delete f", fixture.nextShown(), "the refused moves sent nothing");
        assertFalse(Files.exists(fixture.directory.resolve("nodir")), "and changed nothing");
    }

    @Test
    void moveIsRecordedAsRenameAndReplacesWhenAsked() throws Exception {
        files.write(Path.of("new"), bytes("new"));
        files.write(Path.of("current"), bytes("old"));
        files.move(Path.of("new"), fixture.directory.resolve("current"), StandardCopyOption.REPLACE_EXISTING);
        for (int i = 0; i < 4; i++) {
            fixture.nextShown();
        }
        assertEquals("Rename new current", fixture.nextShown());
        assertEquals("new", Files.readString(fixture.directory.resolve("current")));
    }

    @Test
    void attributesAreRecordedWithTheMillisecondTheBackupsKeep() throws Exception {
        files.write(Path.of("f"), bytes(""));
        files.setPosixFilePermissions(Path.of("f"), PosixFilePermissions.fromString("rw-r-----"));
        files.setLastModifiedTime(Path.of("f"), FileTime.from(java.time.Instant.ofEpochSecond(1_000_000, 123_456_789)));
        assertEquals("Create f", fixture.nextShown());
        assertEquals("SetAttributes f 640 -", fixture.nextShown());
        assertEquals("SetAttributes f - 1000000123", fixture.nextShown());
        assertEquals(1_000_000_123L, Files.getLastModifiedTime(fixture.directory.resolve("f")).toMillis());
    }

    @Test
    void pathsOutsideTheDirectoryAreRefusedAndNothingIsSent() throws Exception {
        Path outside = Files.createDirectories(temp.resolve("outside"));
        Files.createSymbolicLink(fixture.directory.resolve("link"), outside);
        assertThrows(IllegalArgumentException.class, () -> files.write(Path.of("../escape"), bytes("x")));
        assertThrows(IllegalArgumentException.class, () -> files.write(outside.resolve("f"), bytes("x")));
        assertThrows(IllegalArgumentException.class, () -> files.delete(Path.of("a/../..")));
        assertThrows(IllegalArgumentException.class, () -> files.delete(fixture.directory));
        IOException viaLink = assertThrows(IOException.class, () -> files.write(Path.of("link/f"), bytes("x")));
        assertTrue(viaLink.getMessage().contains("leads outside"), viaLink.getMessage());
        files.write(Path.of("a/../inside"), bytes(""));
        assertEquals("Create inside", fixture.nextShown(), "nothing was sent before; '..' inside is normalised");
        assertFalse(Files.exists(temp.resolve("escape")));
    }

    @Test
    void replayingTheRecordedOperationsGivesTheSameTree() throws Exception {
        files.createDirectories(Path.of("data/old"));
        files.write(Path.of("data/config"), bytes("v1"));
        try (FileChannel log = files.channel(Path.of("data/log"), CREATE, WRITE, APPEND)) {
            log.write(ByteBuffer.wrap(bytes("first\n")));
            log.write(ByteBuffer.wrap(bytes("second\n")));
            log.truncate(6);
            log.write(ByteBuffer.wrap(bytes("third\n")));
            log.force(true);
        }
        try (FileChannel table = files.channel(Path.of("data/table"), CREATE, READ, WRITE)) {
            table.write(ByteBuffer.wrap(bytes("hole after this")), 100);
            table.position(3).write(ByteBuffer.wrap(bytes("abc")));
        }
        files.write(Path.of("data/config.tmp"), bytes("v2"));
        files.move(Path.of("data/config.tmp"), Path.of("data/config"), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
        files.channel(Path.of("data/table"), WRITE, TRUNCATE_EXISTING).close();
        files.setPosixFilePermissions(Path.of("data/config"), PosixFilePermissions.fromString("rw-------"));
        files.delete(Path.of("data/old"));
        files.close();

        assertEquals(WriterProtocol.OPEN, fixture.runtime.nextMessage().type());
        WriterProtocol.Message last;
        while ((last = fixture.runtime.nextMessage()).type() == WriterProtocol.OPERATION) {
            // every operation, then BYE: the list below is complete
        }
        assertEquals(WriterProtocol.BYE, last.type());
        Path backup = Files.createDirectories(temp.resolve("backup"));
        ReferenceReplay.apply(backup, fixture.runtime.allOperations());
        ReferenceReplay.assertSameTree(fixture.directory, backup);
    }

    @Test
    void socketIsTheReplicationSocketBesideTheApplicationSocket() {
        assertEquals(Path.of("/srv/swift/run/" + WriterProtocol.SOCKET_NAME),
                ReplicatedFiles.socketFrom(Map.of("SWIFT_CONTROL", "/srv/swift/run/app.sock")));
    }
}
