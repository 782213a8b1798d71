package org.swiftft.libft.heartbeat;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Optional;

/**
 * What the SwiFT runtime puts in the environment of a process it launches, read and checked.
 * {@value #ENV_APP} is also set, but the client does not need it: the token names the incarnation.
 *
 * @param token    {@value #ENV_TOKEN}: this incarnation's token, 32 hex digits, a secret
 * @param endpoint {@value #ENV_HEARTBEAT}: where to send datagrams
 */
record LaunchEnvironment(String token, InetSocketAddress endpoint) {

    /** Copies of {@code org.swiftft.heartbeat.HeartbeatProtocol}'s names: libft must not depend on the API bundle. */
    static final String ENV_APP = "SWIFT_APP";
    static final String ENV_TOKEN = "SWIFT_TOKEN";
    static final String ENV_HEARTBEAT = "SWIFT_HEARTBEAT";

    private static final int HIGHEST_PORT = 65535;

    /**
     * Reads {@value #ENV_TOKEN} and {@value #ENV_HEARTBEAT} from an environment such as
     * {@link System#getenv()}. A blank variable counts as absent, since shells and service files
     * clear a variable by setting it empty.
     *
     * @return empty when {@value #ENV_HEARTBEAT} is not set: the process was not launched by SwiFT, or
     *         by a runtime without its heartbeat capability
     * @throws IllegalArgumentException when the endpoint is set without a token, or one is malformed; the message names
     *                                  the variable and its value (a token masked)
     */
    static Optional<LaunchEnvironment> read(Map<String, String> environment) {
        String token = nonBlank(environment.get(ENV_TOKEN));
        String heartbeat = nonBlank(environment.get(ENV_HEARTBEAT));
        if (heartbeat == null) {
            return Optional.empty(); // a token alone: a runtime without its heartbeat capability (the token serves libft's connection)
        }
        if (token == null) {
            throw new IllegalArgumentException(ENV_HEARTBEAT + " is set but " + ENV_TOKEN + " is not; the SwiFT runtime "
                    + "sets both when it launches a process: set both, or neither to run without heartbeats");
        }
        HeartbeatDatagrams.requireToken(token, ENV_TOKEN);
        return Optional.of(new LaunchEnvironment(token, endpoint(heartbeat)));
    }

    /** Parses {@code host:port}, the host an IP literal (IPv6 in brackets) or a resolvable name. */
    static InetSocketAddress endpoint(String value) {
        int colon = value.lastIndexOf(':');
        if (colon <= 0) {
            throw malformedEndpoint(value, "it has no host:port separator");
        }
        String host = value.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(value.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw malformedEndpoint(value, "the port is not a number");
        }
        if (port < 1 || port > HIGHEST_PORT) {
            throw malformedEndpoint(value, "the port is outside 1-" + HIGHEST_PORT);
        }
        InetSocketAddress endpoint = new InetSocketAddress(host, port);
        if (endpoint.isUnresolved()) {
            throw malformedEndpoint(value, "the host \"" + host + "\" does not resolve");
        }
        return endpoint;
    }

    private static IllegalArgumentException malformedEndpoint(String value, String why) {
        return new IllegalArgumentException(ENV_HEARTBEAT + "=\"" + value + "\" is not a heartbeat endpoint: " + why
                + "; expected host:port such as 127.0.0.1:41234, as the SwiFT runtime sets it");
    }

    private static String nonBlank(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    @Override
    public String toString() {
        // The token is a secret: keep it out of logs.
        return "LaunchEnvironment[" + endpoint + "]";
    }
}
