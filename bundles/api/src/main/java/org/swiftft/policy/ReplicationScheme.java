package org.swiftft.policy;

/**
 * How a clustered application is backed up on other hosts (the original SwiFT's replication
 * schemes).
 */
public enum ReplicationScheme {
    /** Backups run nothing; state reaches them as replicated files; fail-over starts the application. */
    COLD,
    /** Backups run the application in standby and receive each checkpoint; fail-over promotes one. */
    WARM,
    /** Backups run the application and apply every input as the primary does; provisional, see the cluster issue. */
    HOT
}
