package org.swiftft.heartbeat;

/**
 * The deadlines an application starts with.
 *
 * @param timeoutMillis      no heartbeat for this long after the clock started is a hang; 0 for
 *                           none (regions and the start timeout still apply)
 * @param startTimeoutMillis READY or a first heartbeat must come within this long of
 *                           {@link HeartbeatDeadlines#track}; 0 for no start timeout
 */
public record HeartbeatSpec(long timeoutMillis, long startTimeoutMillis) {

    public HeartbeatSpec {
        if (timeoutMillis < 0 || startTimeoutMillis < 0) {
            throw new IllegalArgumentException("heartbeat timeouts must not be negative: "
                    + timeoutMillis + ", " + startTimeoutMillis);
        }
    }
}
