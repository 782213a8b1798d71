package org.swiftft.policy;

/**
 * Thrown to the caller of a policy when the policy could not give an answer: the script threw,
 * ran past its deadline, or was marked broken. The caller must then apply its own built-in default;
 * the policy engine never lets a script block or kill the mechanism that asked.
 */
public class PolicyFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why a policy gave no answer. */
    public enum Reason {
        /** The script threw; the cause is attached. */
        THREW,
        /** The script did not answer within the deadline; it was interrupted. */
        TIMED_OUT,
        /** The script missed its deadline too often and is out of service until its file changes. */
        BROKEN,
        /** No thread was free to run the call (too many calls are still stuck). */
        REJECTED
    }

    private final String policyName;
    private final Reason reason;

    public PolicyFailedException(String policyName, Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.policyName = policyName;
        this.reason = reason;
    }

    /** The {@link PolicyConstants#POLICY_NAME} of the policy that failed. */
    public String policyName() {
        return policyName;
    }

    public Reason reason() {
        return reason;
    }
}
