package org.swiftft.libft.heartbeat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LaunchEnvironmentTest {

    private static final String TOKEN = HeartbeatClientTest.TOKEN;

    @Test
    void withoutTheVariablesTheProcessWasNotLaunchedBySwift() {
        assertEquals(Optional.empty(), LaunchEnvironment.read(Map.of("PATH", "/usr/bin", "SWIFT_APP", "orders")));
    }

    @Test
    void blankVariablesCountAsAbsent() {
        assertEquals(Optional.empty(), LaunchEnvironment.read(Map.of("SWIFT_TOKEN", "", "SWIFT_HEARTBEAT", " ")));
    }

    @Test
    void tokenAndEndpointAreRead() throws IOException {
        LaunchEnvironment launch = LaunchEnvironment.read(
                Map.of("SWIFT_APP", "orders", "SWIFT_TOKEN", TOKEN, "SWIFT_HEARTBEAT", "127.0.0.1:41234")).orElseThrow();

        assertEquals(TOKEN, launch.token());
        assertEquals(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 41234), launch.endpoint());
        assertFalse(launch.toString().contains(TOKEN), "the token stays out of logs");
    }

    @Test
    void bracketedIpv6EndpointIsRead() throws IOException {
        assertEquals(new InetSocketAddress(InetAddress.getByName("::1"), 41234), LaunchEnvironment.endpoint("[::1]:41234"));
    }

    @Test
    void tokenWithoutEndpointIsARuntimeWithoutHeartbeats() {
        // the token also authenticates the libft connection, so a runtime without its heartbeat capability sets it alone
        assertTrue(LaunchEnvironment.read(Map.of("SWIFT_TOKEN", TOKEN)).isEmpty());
    }

    @Test
    void endpointWithoutTokenNamesTheMissingVariable() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LaunchEnvironment.read(Map.of("SWIFT_HEARTBEAT", "127.0.0.1:41234")));

        assertTrue(e.getMessage().contains("SWIFT_TOKEN is not"), e.getMessage());
    }

    @Test
    void malformedTokenNamesTheVariableAndShowsOnlyFourCharacters() {
        String malformed = "deadbeefdeadbeefdeadbeefdeadbeez";

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LaunchEnvironment.read(Map.of("SWIFT_TOKEN", malformed, "SWIFT_HEARTBEAT", "127.0.0.1:41234")));

        assertTrue(e.getMessage().startsWith("SWIFT_TOKEN=\"dead…\" (32 characters)"), e.getMessage());
        assertFalse(e.getMessage().contains("deadbeef"), "the rest of the token stays secret");
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.0.0.1:", ":41234", "127.0.0.1:port", "127.0.0.1:0", "127.0.0.1:65536",
            "127.0.0.1:41234 "})
    void malformedEndpointNamesTheVariableAndTheValue(String value) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LaunchEnvironment.read(Map.of("SWIFT_TOKEN", TOKEN, "SWIFT_HEARTBEAT", value)));

        assertTrue(e.getMessage().startsWith("SWIFT_HEARTBEAT=\"" + value + "\""), e.getMessage());
    }

    @Test
    void clientFromEnvironmentSendsToTheEndpointWithTheToken() throws IOException {
        try (LoopbackReceiver runtime = new LoopbackReceiver();
             HeartbeatClient client = HeartbeatClient.fromEnvironment(Map.of("SWIFT_TOKEN", TOKEN,
                     "SWIFT_HEARTBEAT", "127.0.0.1:" + runtime.endpoint().getPort())).orElseThrow()) {
            client.beat();

            assertEquals(TOKEN + " HB", runtime.nextText());
        }
    }

    @Test
    void noClientFromAnEnvironmentWithoutTheVariables() {
        assertEquals(Optional.empty(), HeartbeatClient.fromEnvironment(Map.of()));
    }
}
