package org.swiftft.policy;

/**
 * The answer of a {@link RejuvenationPolicy}.
 *
 * @param action what to do now
 * @param reason one line for the operator
 */
public record RejuvenationDecision(Action action, String reason) {

    /** Rejuvenation actions, mildest first. */
    public enum Action {
        /** Nothing yet. */
        NONE,
        /** Take a checkpoint, then restart the application from it. */
        CHECKPOINT_AND_RESTART,
        /** Restart the application without a checkpoint. */
        RESTART
    }

    public RejuvenationDecision {
        if (action == null) {
            throw new IllegalArgumentException("a rejuvenation decision needs an action");
        }
        reason = reason == null ? "" : reason;
    }

    public static RejuvenationDecision none() {
        return new RejuvenationDecision(Action.NONE, "");
    }
}
