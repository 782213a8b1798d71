package org.swiftft.heartbeat;

import java.util.Map;

/**
 * What a launched child needs to meet its deadlines.
 *
 * @param application the application's name
 * @param token       128 random bits in hex, new at every {@link HeartbeatDeadlines#track}; a
 *                    secret between the runtime and this incarnation
 * @param environment variables to add to the child's environment: {@link HeartbeatProtocol#ENV_APP},
 *                    {@link HeartbeatProtocol#ENV_TOKEN}, {@link HeartbeatProtocol#ENV_HEARTBEAT},
 *                    {@link HeartbeatProtocol#ENV_NOTIFY_SOCKET} and, with a heartbeat timeout,
 *                    {@link HeartbeatProtocol#ENV_WATCHDOG_USEC}
 */
public record HeartbeatCredentials(String application, String token, Map<String, String> environment) {

    public HeartbeatCredentials {
        environment = Map.copyOf(environment);
    }

    @Override
    public String toString() {
        // The token is a secret: keep it out of logs.
        return "HeartbeatCredentials[" + application + "]";
    }
}
