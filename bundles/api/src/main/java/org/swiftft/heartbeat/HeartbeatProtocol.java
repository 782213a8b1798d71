package org.swiftft.heartbeat;

/**
 * The heartbeat wire protocol, for any language.
 *
 * <p>Each launched child finds {@value #ENV_APP}, {@value #ENV_TOKEN} and {@value #ENV_HEARTBEAT}
 * ({@code 127.0.0.1:<port>}) in its environment and sends UDP datagrams of UTF-8 text
 * {@code <token> <verb> [args]}, fields separated by one space, at most {@value #MAX_DATAGRAM_BYTES}
 * bytes:
 * <pre>
 * TOKEN HB
 * TOKEN ENTER region-name 3000
 * TOKEN LEAVE region-name
 * TOKEN READY
 * TOKEN STATUS free text to the end of the datagram
 * </pre>
 * There is no reply. Anything else is dropped and counted ({@link DropReason}). Region names are
 * 1–64 characters without spaces. Daemons written for systemd use {@value #ENV_NOTIFY_SOCKET}
 * instead, with the sd_notify messages below.
 */
public final class HeartbeatProtocol {

    /** Environment: the application's name. */
    public static final String ENV_APP = "SWIFT_APP";
    /** Environment: this incarnation's token, 32 hex digits. */
    public static final String ENV_TOKEN = "SWIFT_TOKEN";
    /** Environment: where to send datagrams, {@code host:port}. */
    public static final String ENV_HEARTBEAT = "SWIFT_HEARTBEAT";
    /** Environment (systemd): path of the AF_UNIX datagram socket for sd_notify. */
    public static final String ENV_NOTIFY_SOCKET = "NOTIFY_SOCKET";
    /** Environment (systemd): the heartbeat timeout in microseconds, when one is set. */
    public static final String ENV_WATCHDOG_USEC = "WATCHDOG_USEC";

    /** Longest datagram accepted, in bytes; longer ones are dropped as {@link DropReason#OVERSIZE}. */
    public static final int MAX_DATAGRAM_BYTES = 512;
    /** Length of a token in hex digits (128 bits). */
    public static final int TOKEN_HEX_DIGITS = 32;
    /** Longest region name, in characters. */
    public static final int MAX_REGION_NAME = 64;

    /** Verb: heartbeat. */
    public static final String VERB_HB = "HB";
    /** Verb: {@code ENTER <region> <timeout-ms>}. */
    public static final String VERB_ENTER = "ENTER";
    /** Verb: {@code LEAVE <region>}. */
    public static final String VERB_LEAVE = "LEAVE";
    /** Verb: ready; starts the heartbeat clock. */
    public static final String VERB_READY = "READY";
    /** Verb: {@code STATUS <text>}. */
    public static final String VERB_STATUS = "STATUS";

    /** sd_notify: ready. */
    public static final String NOTIFY_READY = "READY=1";
    /** sd_notify: heartbeat. */
    public static final String NOTIFY_WATCHDOG = "WATCHDOG=1";
    /** sd_notify prefix: status text. */
    public static final String NOTIFY_STATUS = "STATUS=";
    /** sd_notify: the daemon is stopping on its own; its exit is then not a crash. */
    public static final String NOTIFY_STOPPING = "STOPPING=1";
    /** sd_notify prefix: a new heartbeat timeout in microseconds. */
    public static final String NOTIFY_WATCHDOG_USEC = "WATCHDOG_USEC=";

    private HeartbeatProtocol() {
    }
}
