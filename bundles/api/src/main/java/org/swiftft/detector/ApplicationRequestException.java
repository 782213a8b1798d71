package org.swiftft.detector;

/**
 * A request to an application ({@link ApplicationSupervisor#request}) that got no positive answer;
 * {@link #reason()} says why, the message says it for a person.
 */
public class ApplicationRequestException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why a request has no answer. */
    public enum Reason {
        /** The application has no libft connection to the runtime (it does not use libft, or is not running). */
        NOT_CONNECTED,
        /** The application answered with an error (no handler for the verb, or its handler failed). */
        REFUSED,
        /** No answer within the timeout. */
        TIMED_OUT,
        /** The connection closed before the answer came (the process ended or closed it). */
        DISCONNECTED
    }

    private final Reason reason;

    public ApplicationRequestException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
