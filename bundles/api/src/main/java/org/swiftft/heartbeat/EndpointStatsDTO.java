package org.swiftft.heartbeat;

import java.util.Map;

/**
 * Counters of the heartbeat endpoints ({@code heartbeat:stats}).
 */
public class EndpointStatsDTO {

    /** The UDP endpoint, {@code host:port}. */
    public String datagramEndpoint;
    /** The sd_notify socket's path, or {@code null} if sd_notify is not available. */
    public String notifySocket;
    /** The receive buffer the kernel granted the UDP socket, in bytes. */
    public int receiveBufferBytes;
    /** Messages accepted (datagram and notify). */
    public long accepted;
    /** Messages dropped, by reason; reasons with no drop may be absent. */
    public Map<DropReason, Long> dropped = Map.of();
    /** When counting started, milliseconds since the epoch. */
    public long since;
}
