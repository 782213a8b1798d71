package org.swiftft.replication;

/**
 * A replication request could not be carried out. The message names the set and, where one is
 * involved, the peer or file, and says what to do next.
 */
public class ReplicationException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String set;

    public ReplicationException(String set, String message) {
        this(set, message, null);
    }

    public ReplicationException(String set, String message, Throwable cause) {
        super(message, cause);
        this.set = set;
    }

    /** The set's name. */
    public String set() {
        return set;
    }
}
