package org.swiftft.replication;

/**
 * One peer of a replication set, seen from this runtime.
 */
public class PeerStatusDTO {

    /** {@code host:port}. */
    public String address;
    /** The peer's role. */
    public Role role;
    public boolean connected;
    /** Last sequence the peer holds durably (in its replica log). */
    public long durableSequence;
    /** Last sequence the peer has applied to its copy. */
    public long appliedSequence;
    /** Operations produced here and not yet durable there. */
    public long lagOperations;
    /** Bytes produced here and not yet durable there. */
    public long lagBytes;
    /** Age of the oldest operation not yet durable there, in milliseconds. */
    public long lagMillis;
    /** The last error with this peer, or {@code null}. */
    public String lastError;
}
