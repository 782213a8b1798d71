package org.swiftft.replication.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.swiftft.libft.replication.wire.WireFormatException;

class FrameCodecTest {

    private static final String PEER = "192.0.2.7:7400";

    private static byte[] encode(Frame frame) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FrameCodec.write(out, frame);
        return out.toByteArray();
    }

    private static Frame decode(byte[] bytes, int max) throws IOException {
        return FrameCodec.read(new DataInputStream(new ByteArrayInputStream(bytes)), PEER, max);
    }

    @Test
    void aFrameRoundTrips() throws IOException {
        Frame frame = new Frame(FrameType.OPERATION, 3, 42, new byte[] {9, 8, 7});
        Frame decoded = decode(encode(frame), 100);
        assertEquals(FrameType.OPERATION, decoded.type());
        assertEquals(3, decoded.epoch());
        assertEquals(42, decoded.sequence());
        assertArrayEquals(new byte[] {9, 8, 7}, decoded.payload());
    }

    @Test
    void badMagicIsRefusedNamingThePeer() {
        byte[] garbage = "GET / HTTP/1.1\r\nHost: x\r\n\r\nmore bytes here".getBytes();
        WireFormatException e = assertThrows(WireFormatException.class, () -> decode(garbage, 100));
        assertTrue(e.getMessage().contains(PEER) && e.getMessage().contains("magic"), e.getMessage());
    }

    @Test
    void aFlippedHeaderByteIsCaughtBeforeTheLengthIsBelieved() throws IOException {
        byte[] bytes = encode(new Frame(FrameType.OPERATION, 1, 1, new byte[10]));
        bytes[26] ^= 0x40; // inside the length field
        WireFormatException e = assertThrows(WireFormatException.class, () -> decode(bytes, 1 << 20));
        assertTrue(e.getMessage().contains("header fails its CRC32C"), e.getMessage());
    }

    @Test
    void aFlippedPayloadByteLeavesTheStreamAligned() throws IOException {
        byte[] first = encode(new Frame(FrameType.OPERATION, 1, 1, new byte[] {1, 2, 3}));
        first[FrameCodec.HEADER_BYTES + 1] ^= 1;
        byte[] second = encode(new Frame(FrameType.OPERATION, 1, 2, new byte[] {4}));
        byte[] both = ByteBuffer.allocate(first.length + second.length).put(first).put(second).array();
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(both));
        DamagedFrameException e = assertThrows(DamagedFrameException.class, () -> FrameCodec.read(in, PEER, 100));
        assertEquals(1, e.header().sequence());
        assertEquals(2, FrameCodec.read(in, PEER, 100).sequence());
    }

    @Test
    void aLengthAboveTheMaximumIsRefusedWithoutReadingOn() throws IOException {
        byte[] bytes = encode(new Frame(FrameType.HELLO, 0, 0, new byte[2000]));
        WireFormatException e = assertThrows(WireFormatException.class,
                () -> decode(Arrays.copyOf(bytes, FrameCodec.HEADER_BYTES), FrameCodec.MAX_HANDSHAKE_PAYLOAD));
        assertTrue(e.getMessage().contains("exceeds the maximum of 1024"), e.getMessage());
    }

    @Test
    void aLyingLengthCostsOnlyWhatArrives() throws IOException {
        // A valid header promising the maximum, followed by a few bytes and the end of the stream.
        byte[] header = Arrays.copyOf(encode(new Frame(FrameType.OPERATION, 1, 1, new byte[FrameCodec.MAX_PAYLOAD])),
                FrameCodec.HEADER_BYTES + 5);
        int[] largestRead = {0};
        InputStream recording = new ByteArrayInputStream(header) {
            @Override
            public synchronized int read(byte[] bytes, int offset, int length) {
                largestRead[0] = Math.max(largestRead[0], length);
                return super.read(bytes, offset, length);
            }
        };
        EOFException e = assertThrows(EOFException.class,
                () -> FrameCodec.read(new DataInputStream(recording), PEER, FrameCodec.MAX_PAYLOAD));
        assertTrue(e.getMessage().contains(PEER) && e.getMessage().contains("5 of " + FrameCodec.MAX_PAYLOAD),
                e.getMessage());
        // The payload buffer is what each read fills: it never grew past the first chunk.
        assertTrue(largestRead[0] <= 64 * 1024, "asked for " + largestRead[0] + " bytes at once");
    }
}
