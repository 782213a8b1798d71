package org.swiftft.detector;

import java.util.List;

/**
 * One watched application as the supervisor sees it now: a snapshot, not a live view.
 */
public class ApplicationDTO {

    /** Where an application stands. */
    public enum State {
        /** Waiting for the applications it depends on to be RUNNING. */
        WAITING,
        /** Launched; waiting for READY or a first heartbeat (the start timeout runs). */
        STARTING,
        /** Ready, heartbeating, or launched without heartbeat or probes. */
        RUNNING,
        /** Failed; a restart is scheduled after the policy's delay. */
        BACKING_OFF,
        /** Being stopped: SIGTERM sent, SIGKILL after the grace period. */
        STOPPING,
        /** Stopped on purpose, by an operator or the policy's {@code STOP}. */
        STOPPED,
        /** Given up on: the policy stopped it, escalation was impossible, or it cannot be restarted. See {@link ApplicationDTO#reason}. */
        FAILED
    }

    /** How the application came to be watched. */
    public enum Origin {
        /** A factory configuration {@code etc/org.swiftft.watch-NAME.cfg}. */
        CONFIGURATION,
        /** {@code app:watch} or another caller of {@link ApplicationSupervisor#watch}. */
        COMMAND,
        /** The application registered itself through libft (FtRegWatch). */
        SELF
    }

    public String name;
    public State state;
    public Origin origin;
    /** Pid of the supervised process (the group leader), or -1 if none runs. */
    public long pid = -1;
    /** When the current incarnation was launched or adopted, milliseconds since the epoch, or 0. */
    public long startedAt;
    /** Restarts after failures since the application was watched (operator restarts excluded). */
    public int restarts;
    /** Failures since it last ran longer than its stable period. */
    public int consecutiveFailures;
    /** The last failure, or {@code null} if none. */
    public VerdictDTO lastVerdict;
    /** When the last heartbeat or passing probe was seen, or 0. */
    public long lastSignOfLifeAt;
    /** Names of the heartbeat regions open now. */
    public List<String> openRegions = List.of();
    /** The last {@code STATUS} text the application sent, or {@code null}. */
    public String statusText;
    /** Its own maintenance flag (runtime-wide maintenance is reported by the supervisor). */
    public boolean maintenance;
    /** The restart policy in force. */
    public String policy;
    /** Whether the application's libft connection to the runtime is open (it can answer requests). */
    public boolean connected;
    /** Why the application is FAILED or BACKING_OFF, one line; {@code null} otherwise. */
    public String reason;
}
