package org.swiftft.replication;

import java.util.List;

/**
 * A replication set as configured ({@code etc/org.swiftft.replication-NAME.cfg}). Plain data; the
 * replication bundle validates it. The shared secret itself is never part of it, only its file,
 * so the spec can be shown and logged.
 */
public class ReplicationSetSpec {

    /** Unique name of the set on every runtime that takes part. */
    public String name;
    /** The replicated directory, absolute; the same path need not be used on every host. */
    public String directory;
    public ReplicationMode mode = ReplicationMode.REPLAY;
    public ConsistencyLevel level = ConsistencyLevel.DURABLE;
    /** This runtime's role at start (the cluster may reverse it). */
    public Role role = Role.BACKUP;
    /** The primary: backups' peers, {@code host:port}. */
    public List<String> peers = List.of();
    /** Where this runtime accepts the set's peers, {@code host:port}; loopback unless configured. */
    public String listen;
    /** File holding the shared secret (mode 0600), for the challenge-response between peers. */
    public String keyFile;
    /** Copy mode: how long a file must be unchanged before it is shipped. */
    public long quietMillis = 2_000;
    /** Replica log size beyond which a backup stops receiving (and the set is DEGRADED) until replay catches up. */
    public long logCapBytes = 1L << 30;
    /** Bytes not yet acknowledged by a backup beyond which writers on the primary are held back. */
    public long backpressureBytes = 64L << 20;
}
