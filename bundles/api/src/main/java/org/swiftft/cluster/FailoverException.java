package org.swiftft.cluster;

/**
 * A fail-over could not be carried out. The message names the application and what each candidate
 * answered.
 */
public class FailoverException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why. */
    public enum Reason {
        /** This side of a partition holds no quorum. */
        NO_QUORUM,
        /** No healthy candidate, or the policy left the application down. */
        NO_TARGET,
        /** Every candidate tried failed to start it. */
        ALL_FAILED,
        /** Another fail-over of the application is in progress. */
        IN_PROGRESS
    }

    private final String application;
    private final Reason reason;

    public FailoverException(String application, Reason reason, String message) {
        super(message);
        this.application = application;
        this.reason = reason;
    }

    public String application() {
        return application;
    }

    public Reason reason() {
        return reason;
    }
}
