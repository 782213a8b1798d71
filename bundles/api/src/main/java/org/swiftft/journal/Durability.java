package org.swiftft.journal;

/**
 * When a {@link Journal} acknowledges an append. The cost of each level is measured in the
 * benchmarks; group commit is the default.
 */
public enum Durability {
    /** Each append is fsync'd before it is acknowledged: survives a host crash; slowest. */
    EVERY_APPEND,
    /**
     * Concurrent appends share one fsync and are acknowledged together after it: survives a host
     * crash, costs a short wait (the commit window) under low load.
     */
    GROUP_COMMIT,
    /**
     * Acknowledged once written to the operating system, fsync'd every interval: survives the
     * process being killed, but a host crash loses up to one interval of acknowledged records.
     */
    PERIODIC
}
