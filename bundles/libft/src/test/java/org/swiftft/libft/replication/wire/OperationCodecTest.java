package org.swiftft.libft.replication.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class OperationCodecTest {

    private static final List<Operation> EVERY_KIND = List.of(
            new Operation.Create("a/b.txt"),
            new Operation.WriteAt("a/b.txt", 12, new byte[] {1, 2, 3}),
            new Operation.Append("log", 4096, new byte[0]),
            new Operation.Truncate("a/b.txt", 7),
            new Operation.Force("a/b.txt"),
            new Operation.Rename("a/b.txt", "a/c.txt"),
            new Operation.CopyFile("a/b.txt", "a/.b.txt.swift-copy"),
            new Operation.Delete("a/c.txt"),
            new Operation.Mkdir("d/e"),
            new Operation.Rmdir("d/e"),
            new Operation.SetAttributes("f", 0640, 1_700_000_000_000L),
            new Operation.SetAttributes("f", Operation.SetAttributes.UNCHANGED_PERMISSIONS,
                    Operation.SetAttributes.UNCHANGED_TIME));

    @Test
    void everyKindRoundTrips() throws Exception {
        for (Operation operation : EVERY_KIND) {
            Operation decoded = OperationCodec.decode(ByteBuffer.wrap(OperationCodec.encode(operation)), "test");
            assertEquals(operation.getClass(), decoded.getClass());
            assertEquals(operation.path(), decoded.path());
            if (operation instanceof Operation.WriteAt w) {
                assertArrayEquals(w.data(), ((Operation.WriteAt) decoded).data());
                assertEquals(w.position(), ((Operation.WriteAt) decoded).position());
            } else if (!(operation instanceof Operation.Append)) {
                assertEquals(operation, decoded); // records without arrays compare by value
            }
        }
    }

    @Test
    void dataLengthBeyondTheBytesPresentIsRefusedNamingTheSource() {
        byte[] encoded = OperationCodec.encode(new Operation.WriteAt("x", 0, new byte[10]));
        ByteBuffer.wrap(encoded).putInt(2 + 2 + 1 + 8, Integer.MAX_VALUE); // the data length field
        WireFormatException e = assertThrows(WireFormatException.class,
                () -> OperationCodec.decode(ByteBuffer.wrap(encoded), "peer 10.0.0.1:7000 operation 5"));
        assertTrue(e.getMessage().startsWith("peer 10.0.0.1:7000 operation 5"), e.getMessage());
    }

    @Test
    void cutShortStrayBytesUnknownKindAndNewerVersionAreRefused() {
        byte[] encoded = OperationCodec.encode(new Operation.Truncate("x", 5));
        assertThrows(WireFormatException.class,
                () -> OperationCodec.decode(ByteBuffer.wrap(Arrays.copyOf(encoded, encoded.length - 1)), "t"));
        assertThrows(WireFormatException.class,
                () -> OperationCodec.decode(ByteBuffer.wrap(Arrays.copyOf(encoded, encoded.length + 1)), "t"));
        byte[] unknown = encoded.clone();
        unknown[1] = 99;
        assertThrows(WireFormatException.class, () -> OperationCodec.decode(ByteBuffer.wrap(unknown), "t"));
        byte[] newer = encoded.clone();
        newer[0] = 2;
        WireFormatException e = assertThrows(WireFormatException.class,
                () -> OperationCodec.decode(ByteBuffer.wrap(newer), "t"));
        assertTrue(e.getMessage().contains("version 2"), e.getMessage());
    }
}
