package org.swiftft.heartbeat;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The runtime's table of heartbeat deadlines, one entry per tracked application: the half of the
 * original watchd that listened for FtHbeat.
 *
 * <p>The detector {@link #track tracks} an application before launching it and passes the returned
 * environment to the child; the child then meets its deadlines with datagrams ({@link HeartbeatProtocol})
 * or sd_notify messages, or an in-runtime caller does so with the verb methods below — both reach
 * the same table. The heartbeat clock starts at READY or at the first heartbeat, whichever comes
 * first; until then only the start timeout runs.
 *
 * <p>Thread-safe. The verb methods ({@link #beat}, {@link #enter}, {@link #leave}, {@link #ready},
 * {@link #status}) never block ({@link #beat} does not allocate either) and never throw for bad input: a
 * call for an application that is not tracked is counted as {@link DropReason#UNKNOWN_APPLICATION}
 * and returns {@code false}, so a heartbeat can never fail the caller.
 */
@ProviderType
public interface HeartbeatDeadlines {

    /**
     * Starts tracking an application's next incarnation: issues a fresh token (tokens of earlier
     * incarnations become stale) and arms the start timeout. Tracking an application again replaces
     * its entry and closes its regions.
     *
     * @param listener told, on the deadline thread, when a deadline is missed; must not block
     * @return the token and the environment to give the child
     */
    HeartbeatCredentials track(String application, HeartbeatSpec spec, DeadlineListener listener);

    /**
     * Names the process that speaks for the application once it is launched: sd_notify messages
     * count only from it and its descendants.
     */
    void attach(String application, long pid);

    /** Stops tracking; its token becomes stale. No effect if not tracked. */
    void untrack(String application);

    /** A plain heartbeat (verb {@code HB}, sd_notify {@code WATCHDOG=1}). */
    boolean beat(String application);

    /**
     * Opens a region that must be left within {@code timeoutMillis} (verb {@code ENTER}); entering
     * an open region again restarts its deadline. Regions are keyed by (application, region).
     */
    boolean enter(String application, String region, long timeoutMillis);

    /** Closes a region (verb {@code LEAVE}); leaving a region that is not open is counted and ignored. */
    boolean leave(String application, String region);

    /** The application is ready (verb {@code READY}, sd_notify {@code READY=1}): the heartbeat clock starts. */
    boolean ready(String application);

    /** Free-form status text shown by the shell (verb {@code STATUS}, sd_notify {@code STATUS=}). */
    boolean status(String application, String text);

    /**
     * Replaces the heartbeat timeout with one the child announced (sd_notify {@code WATCHDOG_USEC=}),
     * which wins over the configured one.
     */
    boolean heartbeatTimeout(String application, long timeoutMillis);

    /** Where one application stands, or empty if it is not tracked. */
    Optional<HeartbeatStatusDTO> application(String application);

    /** Every tracked application, sorted by name. */
    List<HeartbeatStatusDTO> applications();

    /** The endpoints' counters since the runtime started. */
    EndpointStatsDTO stats();
}
