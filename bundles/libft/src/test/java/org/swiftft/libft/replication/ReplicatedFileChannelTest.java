package org.swiftft.libft.replication;

import static java.nio.file.StandardOpenOption.APPEND;
import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.TRUNCATE_EXISTING;
import static java.nio.file.StandardOpenOption.WRITE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.swiftft.libft.replication.WriterFixture.bytes;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileChannel.MapMode;
import java.nio.channels.NonWritableChannelException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.swiftft.libft.replication.wire.Operation;
import org.swiftft.libft.replication.wire.OperationCodec;

class ReplicatedFileChannelTest {

    @TempDir
    Path temp;
    WriterFixture fixture;

    @BeforeEach
    void open() throws IOException {
        fixture = WriterFixture.open(temp, ReplicationLevel.RECEIVED);
    }

    @AfterEach
    void close() throws IOException {
        fixture.close();
    }

    private FileChannel channel(String name, java.nio.file.OpenOption... options) throws IOException {
        return fixture.files.channel(Path.of(name), options);
    }

    @Test
    void openingAMissingFileWithCreateRecordsCreate() throws Exception {
        try (FileChannel channel = channel("a", CREATE, WRITE)) {
            assertEquals("Create a", fixture.nextShown());
            assertTrue(Files.exists(fixture.directory.resolve("a")));
        }
    }

    @Test
    void truncateExistingOnANonEmptyFileRecordsTruncateToZero() throws Exception {
        Files.write(fixture.directory.resolve("a"), bytes("old"));
        try (FileChannel channel = channel("a", CREATE, WRITE, TRUNCATE_EXISTING)) {
            assertEquals("Truncate a 0", fixture.nextShown());
            assertEquals(0, channel.size());
        }
    }

    @Test
    void openingAnExistingFileWithoutTruncatingRecordsNothing() throws Exception {
        Files.write(fixture.directory.resolve("a"), bytes("old"));
        channel("a", CREATE, WRITE).close();
        channel("a", READ).close();
        assertThrows(FileAlreadyExistsException.class, () -> channel("a", CREATE_NEW, WRITE));
        channel("b", CREATE_NEW, WRITE).close();
        assertEquals("Create b", fixture.nextShown(), "only the new file was recorded");
    }

    @Test
    void writeAtTheCurrentPositionRecordsThatPosition() throws Exception {
        try (FileChannel channel = channel("a", CREATE, WRITE)) {
            channel.write(ByteBuffer.wrap(bytes("hello")));
            channel.position(10);
            channel.write(ByteBuffer.wrap(bytes("world")));
        }
        assertEquals("Create a", fixture.nextShown());
        assertEquals("WriteAt a 0 hello", fixture.nextShown());
        assertEquals("WriteAt a 10 world", fixture.nextShown());
    }

    @Test
    void positionalWriteRecordsItsPositionAndLeavesTheChannelPosition() throws Exception {
        try (FileChannel channel = channel("a", CREATE, WRITE)) {
            channel.write(ByteBuffer.wrap(bytes("abc")), 7);
            assertEquals(0, channel.position());
        }
        fixture.nextShown();
        assertEquals("WriteAt a 7 abc", fixture.nextShown());
    }

    @Test
    void appendRecordsTheOffsetItLandedAt() throws Exception {
        Files.write(fixture.directory.resolve("log"), bytes("0123456789"));
        try (FileChannel channel = channel("log", WRITE, APPEND)) {
            channel.write(ByteBuffer.wrap(bytes("one")));
            channel.truncate(4);
            channel.write(ByteBuffer.wrap(bytes("two")));
        }
        assertEquals("Append log 10 one", fixture.nextShown());
        assertEquals("Truncate log 4", fixture.nextShown());
        assertEquals("Append log 4 two", fixture.nextShown(), "an append after a truncate lands at the new end");
        assertEquals("0123two", Files.readString(fixture.directory.resolve("log")));
    }

    @Test
    void truncateRecordsTheResultingSizeAndNeverExtends() throws Exception {
        try (FileChannel channel = channel("a", CREATE, WRITE)) {
            channel.write(ByteBuffer.wrap(bytes("0123456789")));
            channel.truncate(20);
            channel.truncate(3);
            assertEquals(3, channel.position(), "the position follows the cut, as FileChannel's does");
        }
        fixture.nextShown();
        fixture.nextShown();
        assertEquals("Truncate a 3", fixture.nextShown());
        assertNull(fixture.runtime.operationWithin(50), "truncate(20) of a 10-byte file changed nothing");
    }

    @Test
    void forceRecordsForce() throws Exception {
        try (FileChannel channel = channel("a", CREATE, WRITE)) {
            channel.force(true);
        }
        fixture.nextShown();
        assertEquals("Force a", fixture.nextShown());
    }

    @Test
    void gatheringWriteIsRecordedAsOneWriteAtThePosition() throws Exception {
        ByteBuffer[] parts = {ByteBuffer.wrap(bytes("ab")), ByteBuffer.wrap(bytes("cd")), ByteBuffer.wrap(bytes("ef"))};
        try (FileChannel channel = channel("a", CREATE, WRITE)) {
            channel.position(1);
            assertEquals(4, channel.write(parts, 1, 2));
            assertEquals(5, channel.position());
        }
        fixture.nextShown();
        assertEquals("WriteAt a 1 cdef", fixture.nextShown());
        assertEquals(2, parts[0].remaining(), "buffers outside the range are untouched");
        assertEquals(0, parts[2].remaining());
    }

    @Test
    void transferFromIsRecordedAsWritesAtItsPosition() throws Exception {
        try (FileChannel channel = channel("a", CREATE, WRITE)) {
            channel.write(ByteBuffer.wrap(bytes("xx")));
            long moved = channel.transferFrom(Channels.newChannel(new java.io.ByteArrayInputStream(bytes("source"))), 2, 4);
            assertEquals(4, moved);
            assertEquals(0, channel.transferFrom(Channels.newChannel(new java.io.ByteArrayInputStream(bytes("z"))), 9, 1),
                    "beyond the end nothing is transferred, as FileChannel does");
        }
        fixture.nextShown();
        fixture.nextShown();
        assertEquals("WriteAt a 2 sour", fixture.nextShown());
        assertEquals("xxsour", Files.readString(fixture.directory.resolve("a")));
    }

    @Test
    void writeLargerThanOneMebibyteIsSplit() throws Exception {
        byte[] big = new byte[OperationCodec.MAX_DATA_BYTES * 2 + 100];
        Arrays.fill(big, (byte) 7);
        try (FileChannel channel = channel("big", CREATE, WRITE)) {
            channel.position(5);
            assertEquals(big.length, channel.write(ByteBuffer.wrap(big)));
        }
        fixture.nextShown();
        Operation.WriteAt first = (Operation.WriteAt) fixture.runtime.nextOperation();
        Operation.WriteAt second = (Operation.WriteAt) fixture.runtime.nextOperation();
        Operation.WriteAt third = (Operation.WriteAt) fixture.runtime.nextOperation();
        assertEquals(5, first.position());
        assertEquals(5 + OperationCodec.MAX_DATA_BYTES, second.position());
        assertEquals(5 + 2L * OperationCodec.MAX_DATA_BYTES, third.position());
        assertEquals(100, third.data().length);
        assertEquals(5 + big.length, Files.size(fixture.directory.resolve("big")));
    }

    @Test
    void mapReadWriteIsRefusedAndReadOnlyWorks() throws Exception {
        Files.write(fixture.directory.resolve("a"), bytes("mapped"));
        try (FileChannel channel = channel("a", READ, WRITE)) {
            UnsupportedOperationException refused = assertThrows(UnsupportedOperationException.class,
                    () -> channel.map(MapMode.READ_WRITE, 0, 6));
            assertTrue(refused.getMessage().contains("could not be replicated"), refused.getMessage());
            assertThrows(UnsupportedOperationException.class, () -> channel.map(MapMode.PRIVATE, 0, 6));
            assertEquals('m', channel.map(MapMode.READ_ONLY, 0, 6).get(0));
        }
    }

    @Test
    void readOnlyChannelReadsAndRefusesWritesWithoutSending() throws Exception {
        Files.write(fixture.directory.resolve("a"), bytes("data"));
        try (FileChannel channel = channel("a", READ)) {
            ByteBuffer read = ByteBuffer.allocate(4);
            channel.read(read);
            assertArrayEquals(bytes("data"), read.array());
            assertThrows(NonWritableChannelException.class, () -> channel.write(ByteBuffer.wrap(bytes("x"))));
            assertThrows(NonWritableChannelException.class, () -> channel.truncate(0));
        }
        assertNull(fixture.runtime.operationWithin(50));
    }

    @Test
    void positionalWriteOnAnAppendChannelIsRefused() throws Exception {
        try (FileChannel channel = channel("a", CREATE, APPEND)) {
            assertThrows(UnsupportedOperationException.class, () -> channel.write(ByteBuffer.wrap(bytes("x")), 0));
        }
        assertEquals("Create a", fixture.nextShown());
        assertNull(fixture.runtime.operationWithin(50));
    }
}
