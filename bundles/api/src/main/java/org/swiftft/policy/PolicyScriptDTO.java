package org.swiftft.policy;

/**
 * The state of one policy script, as the policy engine reports it to the shell.
 */
public class PolicyScriptDTO {

    /** Where a script stands. */
    public enum State {
        /** Compiled, registered and answering. */
        ACTIVE,
        /** The newest version of the file failed; the previous version is still live. */
        STALE,
        /** No version of the file ever compiled; nothing is registered. */
        FAILED,
        /** Kept missing its deadline; taken out of service until the file changes. */
        BROKEN
    }

    /** The policy name: the file name without {@code .groovy}. */
    public String name;
    /** Absolute path of the script file. */
    public String file;
    /** The policy interface the live version implements, or {@code null} if none is live. */
    public String policyInterface;
    public State state;
    /** When the live version was loaded, milliseconds since the epoch, or 0. */
    public long loadedAt;
    /** The last error, with file:line:column where the compiler gave one; {@code null} if none. */
    public String lastError;
    /** When the last error happened, or 0. */
    public long lastErrorAt;
    /** Calls answered by the live version. */
    public long calls;
    /** Calls that threw. */
    public long failures;
    /** Calls that ran past the deadline. */
    public long timeouts;
}
