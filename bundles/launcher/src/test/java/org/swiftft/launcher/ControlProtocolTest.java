package org.swiftft.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class ControlProtocolTest {

    @Test
    void commandRoundTrips() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ControlProtocol.writeCommand(new DataOutputStream(bytes), "feature:install policy");
        assertEquals("feature:install policy",
                ControlProtocol.readCommand(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))));
    }

    @Test
    void oversizedCommandIsRefusedWithItsSize() {
        byte[] frame = {0x7f, 0, 0, 0};
        IOException error = assertThrows(IOException.class,
                () -> ControlProtocol.readCommand(new DataInputStream(new ByteArrayInputStream(frame))));
        assertTrue(error.getMessage().contains("2130706432 bytes refused"), error.getMessage());
    }

    @Test
    void truncatedCommandIsRefused() {
        byte[] frame = {0, 0, 0, 10, 'a', 'b'};
        IOException error = assertThrows(IOException.class,
                () -> ControlProtocol.readCommand(new DataInputStream(new ByteArrayInputStream(frame))));
        assertTrue(error.getMessage().contains("cut short"), error.getMessage());
    }

    @Test
    void argumentsThatGogoWouldSplitOrExpandAreQuoted() {
        assertEquals("feature:install policy", SwiftClient.commandLine(new String[] {"feature:install", "policy"}));
        assertEquals("echo \"100\\%\"", SwiftClient.commandLine(new String[] {"echo", "100%"}));
        assertEquals("echo \"a b\" \"\\$x\" \"it\\'s\" \"\"", SwiftClient.commandLine(new String[] {"echo", "a b", "$x", "it's", ""}));
    }

    @Test
    void deepSocketPathIsAddressedRelativeToTheWorkingDirectory() throws IOException {
        Path cwd = Path.of("").toAbsolutePath();
        Path deep = cwd.resolve("x".repeat(40)).resolve("y".repeat(40));
        ControlSocketPath path = new ControlSocketPath(deep);
        assertEquals(deep.resolve("data/swift.sock"), path.file());
        assertEquals(Path.of("x".repeat(40), "y".repeat(40), "data/swift.sock"),
                path.address().getPath());
    }
}
