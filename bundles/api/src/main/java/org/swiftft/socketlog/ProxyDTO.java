package org.swiftft.socketlog;

/**
 * A logging proxy now.
 */
public class ProxyDTO {

    /** Where a proxy stands with its upstream. */
    public enum State {
        CONNECTED,
        /** Upstream lost; clients held; reconnecting. */
        RECONNECTING,
        /** Reconnected; replaying logged input before new input flows. */
        REPLAYING,
        /** Upstream unreachable past the reconnect timeout, or the log failed; clients disconnected. */
        DOWN
    }

    public String name;
    /** {@code host:port} clients connect to. */
    public String listen;
    /** {@code host:port} of the server now. */
    public String upstream;
    public State state;
    public int clients;
    /** Last sequence logged. */
    public long loggedSequence;
    /** Last sequence the server declared covered. */
    public long coveredSequence;
    public long reconnects;
    /** Records replayed since the proxy started. */
    public long replayed;
    /** The last error, with address; {@code null} if none. */
    public String lastError;
}
