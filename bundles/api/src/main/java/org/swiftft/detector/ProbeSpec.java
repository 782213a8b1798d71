package org.swiftft.detector;

/**
 * A liveness probe for an application that cannot heartbeat (an unmodified server). A probe failing
 * {@link #failureThreshold} times in a row is a hang verdict: the process is alive but not serving.
 * Probes run on a bounded pool, each within its own timeout, so a slow probe never delays another
 * application's.
 */
public class ProbeSpec {

    /** What a probe does. */
    public enum Type {
        /** Connect to {@link #target} {@code host:port}; success is an accepted connection. */
        TCP,
        /** GET {@link #target} (a URL); success is {@link #expectStatus} and, if set, {@link #expectBody} in the body. */
        HTTP,
        /** Run {@link #target} through {@code /bin/sh -c}; success is exit code 0. */
        COMMAND
    }

    public Type type;
    /** {@code host:port}, a URL or a command line, after {@link #type}. */
    public String target;
    /** HTTP only: the expected status. */
    public int expectStatus = 200;
    /** HTTP only: a substring the body must contain, or {@code null}. */
    public String expectBody;
    public long intervalMillis = 5_000;
    /** A probe not done within this is a failure. */
    public long timeoutMillis = 2_000;
    /** Consecutive failures that make a hang verdict. */
    public int failureThreshold = 3;
    /** Failures within this time after launch do not count (start-up). */
    public long startGraceMillis = 10_000;
}
