package org.swiftft.heartbeat;

/**
 * Why a heartbeat datagram or notify message was dropped. A dropped message is counted, never
 * fatal, and never a heartbeat.
 */
public enum DropReason {
    /** Longer than {@link HeartbeatProtocol#MAX_DATAGRAM_BYTES}. */
    OVERSIZE,
    /** Not UTF-8, or not {@code <token> <verb> [args]}. */
    MALFORMED,
    /** A token no tracked application has. */
    BAD_TOKEN,
    /** The token of an earlier incarnation. */
    STALE_TOKEN,
    /** A verb the protocol does not have. */
    UNKNOWN_VERB,
    /** A missing or malformed argument (a region name, a timeout). */
    BAD_ARGUMENT,
    /** A call for an application that is not tracked. */
    UNKNOWN_APPLICATION,
    /** An sd_notify message from a process that is not the watched one or its descendant. */
    FOREIGN_SENDER,
    /** LEAVE of a region that was not open. */
    NOT_OPEN
}
