package org.swiftft.socketlog;

/**
 * Configuration PIDs, service properties, event topics and event properties of socket logging.
 */
public final class SocketLogConstants {

    /** Factory PID of a proxy: {@code etc/org.swiftft.socketlog-NAME.cfg}. */
    public static final String PROXY_FACTORY_PID = "org.swiftft.socketlog";

    /** Service property naming a {@link LoggingProxy}. */
    public static final String PROXY_NAME = "socketlog.name";

    /** Prefix of every socket-logging event topic. */
    public static final String TOPIC_PREFIX = "org/swiftft/socketlog/";

    /** The upstream connection broke; clients are held. */
    public static final String TOPIC_UPSTREAM_LOST = TOPIC_PREFIX + "UPSTREAM_LOST";
    /** Reconnected and replayed; traffic flows again. */
    public static final String TOPIC_REPLAYED = TOPIC_PREFIX + "REPLAYED";
    /** Gave up on the upstream, or the log failed; clients were disconnected. */
    public static final String TOPIC_DOWN = TOPIC_PREFIX + "DOWN";

    /** Event property: the proxy's name (String). */
    public static final String EVENT_PROXY = "proxy";
    /** Event property: the upstream, {@code host:port} (String). */
    public static final String EVENT_UPSTREAM = "upstream";
    /** Event property: records replayed (Long). */
    public static final String EVENT_REPLAYED = "replayed";
    /** Event property: one line for the operator (String). */
    public static final String EVENT_MESSAGE = "message";

    private SocketLogConstants() {
    }
}
