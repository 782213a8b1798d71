package org.swiftft.policy;

/**
 * The answer of a {@link RestartPolicy}.
 *
 * @param action      what to do
 * @param delayMillis how long to wait before doing it (0 for at once)
 * @param reason      one line for the operator, shown in the application's history
 */
public record RestartDecision(Action action, long delayMillis, String reason) {

    /** The recovery actions the detector knows how to carry out. */
    public enum Action {
        /** Start the application again on this host. */
        RESTART,
        /** Move the application to a backup host (the cluster's fail-over). */
        FAILOVER,
        /** Escalate: reboot this host (the original SwiFT's reboot threshold). */
        REBOOT,
        /** Leave the application stopped until an operator starts it. */
        STOP
    }

    public RestartDecision {
        if (action == null) {
            throw new IllegalArgumentException("a restart decision needs an action");
        }
        if (delayMillis < 0) {
            throw new IllegalArgumentException("delay must not be negative: " + delayMillis);
        }
        reason = reason == null ? "" : reason;
    }

    public static RestartDecision restartAfter(long delayMillis, String reason) {
        return new RestartDecision(Action.RESTART, delayMillis, reason);
    }

    public static RestartDecision failover(String reason) {
        return new RestartDecision(Action.FAILOVER, 0, reason);
    }

    public static RestartDecision reboot(String reason) {
        return new RestartDecision(Action.REBOOT, 0, reason);
    }

    public static RestartDecision stop(String reason) {
        return new RestartDecision(Action.STOP, 0, reason);
    }
}
