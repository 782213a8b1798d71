package org.swiftft.heartbeat.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.swiftft.heartbeat.DropReason;

class HeartbeatMessageTest {

    private static final String TOKEN = "0123456789abcdef0123456789abcdef";

    @Test
    void everyVerbParses() {
        assertEquals("HB", parse(TOKEN + " HB").verb());
        assertEquals("READY", parse(TOKEN + " READY\n").verb());
        assertEquals("HB", parse(TOKEN + " HB\r\n").verb());
        HeartbeatMessage enter = parse(TOKEN + " ENTER commit 3000");
        assertEquals("commit", enter.region());
        assertEquals(3000, enter.timeout());
        assertEquals("commit", parse(TOKEN + " LEAVE commit").region());
        assertEquals("serving 12 clients", parse(TOKEN + " STATUS serving 12 clients").text());
        assertNull(parse(TOKEN + " HB").dropped());
    }

    @Test
    void badDatagramsAreDropsWithTheirReason() {
        assertEquals(DropReason.MALFORMED, parse("short HB").dropped());
        assertEquals(DropReason.MALFORMED, parse("").dropped());
        assertEquals(DropReason.UNKNOWN_VERB, parse(TOKEN + " PING").dropped());
        assertEquals(DropReason.BAD_ARGUMENT, parse(TOKEN + " HB extra").dropped());
        assertEquals(DropReason.BAD_ARGUMENT, parse(TOKEN + " ENTER commit").dropped());
        assertEquals(DropReason.BAD_ARGUMENT, parse(TOKEN + " ENTER commit soon").dropped());
        assertEquals(DropReason.BAD_ARGUMENT, parse(TOKEN + " ENTER commit -5").dropped());
        assertEquals(DropReason.BAD_ARGUMENT, parse(TOKEN + " ENTER commit 9223372036854775807").dropped());
        assertEquals(DropReason.BAD_ARGUMENT, parse(TOKEN + " ENTER " + "r".repeat(65) + " 10").dropped());
        assertEquals(DropReason.BAD_ARGUMENT, parse(TOKEN + " LEAVE").dropped());
        assertEquals(DropReason.OVERSIZE, parse(TOKEN + " STATUS " + "x".repeat(600)).dropped());
        assertEquals(DropReason.MALFORMED, HeartbeatMessage.parse(ByteBuffer.wrap(new byte[] {(byte) 0xff, (byte) 0xfe}))
                .dropped());
    }

    private static HeartbeatMessage parse(String text) {
        return HeartbeatMessage.parse(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
    }
}
