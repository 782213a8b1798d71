package org.swiftft.detector;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Supervises watched applications: launches them, turns an exit nobody asked for into a crash
 * verdict and a missed heartbeat, region deadline or failing probe into a hang verdict, and carries
 * out what the {@link org.swiftft.policy.RestartPolicy} decides. The original watchd, one per
 * runtime.
 *
 * <p>Each watched process runs in its own process group, as the configured user and group; stopping
 * it sends SIGTERM to the group, then SIGKILL after the grace period. Children die with the runtime
 * (parent-death signal), and on start the runtime finds the processes its previous run left and
 * either re-adopts or replaces them, so no application runs unsupervised or twice.
 *
 * <p>Every verdict and action is published under {@link DetectorConstants#TOPIC_PREFIX} and kept in
 * a bounded per-application {@link #history(String) history}. In maintenance (per application or
 * runtime-wide) verdicts are still recorded, but no recovery action is taken.
 *
 * <p>Thread-safe. Operations on one application are serialised; different applications never wait
 * for each other. Methods that name an application throw {@link IllegalArgumentException} naming
 * it when no application of that name is watched.
 */
@ProviderType
public interface ApplicationSupervisor {

    /**
     * Starts watching an application and launches it (once the applications it depends on are
     * running). Watching a name again with an equal spec changes nothing; with a different spec the
     * new spec replaces the old one and the application is restarted with it.
     *
     * <p>The spec is copied: changing it afterwards has no effect. Not persisted by this call:
     * applications that must survive a runtime restart come from configuration files.
     *
     * @return the application as it stands right after the call (normally STARTING or WAITING)
     * @throws IllegalArgumentException if the spec is invalid; the message names the field
     */
    ApplicationDTO watch(WatchSpec spec);

    /**
     * Starts watching a process that is already running and was not launched by the runtime: the
     * self-registration of libft (the original FtRegWatch), which calls this through its connection.
     * Its exit is seen by polling (about 150–300 ms late, it is not a child of the runtime) or at once
     * when its libft connection closes with it; from its first restart on, the runtime launches it
     * from {@link WatchSpec#command} as a child and sees exits at once. A spec without a command
     * cannot be restarted: its first failure leaves it FAILED. An adopted process is not stopped when
     * the runtime stops: it was running before, and registers again when the runtime is back.
     *
     * @throws IllegalArgumentException if the spec is invalid, no process has that pid, or the name
     *                                  is watched and running
     */
    ApplicationDTO adopt(WatchSpec spec, long pid);

    /**
     * Sends a request to an application connected through libft — {@link DetectorConstants#REQUEST_CHECKPOINT},
     * {@link DetectorConstants#REQUEST_PREPARE_STOP}, {@link DetectorConstants#REQUEST_PROMOTE}, or a
     * verb of the application's own — and returns its one-line answer.
     *
     * @param verb          1 to 32 of {@code A-Z 0-9 _}
     * @param argument      one line of text for the application, or ""
     * @param timeoutMillis how long to wait for the answer
     * @return a stage completing with the answer (possibly ""), or exceptionally with an
     *         {@link ApplicationRequestException} saying why there is none
     * @throws IllegalArgumentException if the name is not watched or the verb is malformed
     */
    CompletionStage<String> request(String name, String verb, String argument, long timeoutMillis);

    /**
     * Stops the application (if running) and forgets it and its history (the original FtDelWatch).
     *
     * @return a stage that completes when the process group is gone; {@code false} if the name was
     *         not watched
     */
    CompletionStage<Boolean> unwatch(String name);

    /**
     * Starts a stopped or FAILED application on purpose; clears its failure count. A
     * {@link WatchSpec#held held} application is refused: the cluster starts it where it should run.
     *
     * @return a stage that completes with the application once it is RUNNING, or exceptionally with
     *         the reason it could not be launched (the launch failure is also a verdict in its history)
     */
    CompletionStage<ApplicationDTO> start(String name);

    /**
     * {@link #start(String) Starts} an application with extra environment variables, which its
     * restarts keep until the next start (the SwiFT variables still win). The one way to launch a
     * {@link WatchSpec#held held} application: the cluster starts a clustered one with its role
     * ({@code SWIFT_ROLE}, {@code SWIFT_EPOCH}).
     */
    CompletionStage<ApplicationDTO> start(String name, java.util.Map<String, String> environment);

    /**
     * Stops an application on purpose: this exit is not a failure and the application stays STOPPED
     * until started.
     *
     * @return a stage that completes when the process group is gone (after at most the grace period
     *         plus the time SIGKILL takes)
     */
    CompletionStage<ApplicationDTO> stop(String name);

    /** {@link #stop(String) Stop}, then {@link #start(String) start}: an operator's restart, not a failure. */
    CompletionStage<ApplicationDTO> restart(String name);

    /**
     * Turns maintenance on or off for one application. In maintenance, failures are recorded and
     * published but not recovered.
     */
    ApplicationDTO maintenance(String name, boolean on);

    /** Turns runtime-wide maintenance on or off; it adds to each application's own flag. */
    void maintenance(boolean on);

    /** Whether runtime-wide maintenance is on. */
    boolean maintenance();

    /** Every watched application, sorted by name. */
    List<ApplicationDTO> applications();

    /** One watched application, or empty. */
    Optional<ApplicationDTO> application(String name);

    /**
     * The application's recent verdicts and actions, oldest first. Bounded: at least the last 64
     * entries; older ones are dropped. Not persisted across runtime restarts.
     */
    List<HistoryEntryDTO> history(String name);
}
