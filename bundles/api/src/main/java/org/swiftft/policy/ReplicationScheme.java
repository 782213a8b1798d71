package org.swiftft.policy;

/**
 * How a clustered application is backed up on other hosts (the original SwiFT's replication
 * schemes). The hot scheme (backups apply every input as the primary does) is not here yet: it will
 * be designed in a package of its own at 0.x and join this enum in a minor version once it is stable.
 */
public enum ReplicationScheme {
    /** Backups run nothing; state reaches them as replicated files; fail-over starts the application. */
    COLD,
    /** Backups run the application in standby and receive each checkpoint; fail-over promotes one. */
    WARM
}
