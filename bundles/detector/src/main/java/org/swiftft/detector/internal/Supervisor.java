package org.swiftft.detector.internal;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.swiftft.detector.ApplicationDTO;
import org.swiftft.detector.DetectorConstants;
import org.swiftft.detector.HistoryEntryDTO;
import org.swiftft.detector.WatchSpec;
import org.swiftft.detector.ApplicationRequestException;
import org.swiftft.heartbeat.HeartbeatProtocol;
import org.swiftft.libft.runtime.wire.ControlProtocol;

/**
 * The supervision engine (the original watchd): launches watched applications, turns an exit
 * nobody asked for into a crash verdict and a missed deadline into a hang verdict, and carries out
 * the restart policy's decision. This class takes callers' requests and owns the applications;
 * {@link ApplicationLifecycle} carries out what happens to each of them.
 *
 * <p>Every change of state happens on one thread, which is also the thread that forks children:
 * their parent-death signal is tied to it, so it lives as long as the supervisor. Callers get
 * futures; nothing they do waits on a child.
 */
final class Supervisor implements AutoCloseable {

    static final long MAX_TIMEOUT_MILLIS = 7L * 24 * 3600 * 1000;
    static final String ENV_APP = HeartbeatProtocol.ENV_APP;
    static final String ENV_TOKEN = HeartbeatProtocol.ENV_TOKEN;
    static final String ENV_CONTROL = ControlProtocol.ENV_CONTROL;

    /** A name another watched application has. */
    static final class NameTakenException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        NameTakenException(String message) {
            super(message);
        }
    }

    private final SupervisorEnvironment environment;
    private final SupervisorThread thread;
    private final Map<String, WatchedApplication> applications = new LinkedHashMap<>();
    private final LaunchRecords records;
    private final ProbeScheduler probes;
    private final ApplicationLifecycle lifecycle;

    Supervisor(Path logFolder, Path workFolder, String rebootCommand, SupervisorEnvironment environment) {
        this.environment = environment;
        this.thread = new SupervisorThread(environment::warn);
        this.records = new LaunchRecords(workFolder.resolve("run"));
        this.probes = new ProbeScheduler(this::probeFailed);
        this.lifecycle = new ApplicationLifecycle(applications, thread, environment, records, probes, logFolder, workFolder);
        lifecycle.rebootCommand = rebootCommand;
        records.killLeftovers(environment::warn);
    }

    /** From a probe thread. */
    private void probeFailed(String name, long incarnation, org.swiftft.detector.ProbeSpec probe, String error) {
        thread.execute(() -> {
            WatchedApplication application = applications.get(name);
            if (application != null) {
                lifecycle.probeFailed(application, incarnation, probe, error);
            }
        });
    }

    // ---- what callers ask -------------------------------------------------------------------

    void rebootCommand(String command) {
        lifecycle.rebootCommand = command;
    }

    void applicationSocket(Path socket) {
        lifecycle.applicationSocket = socket;
    }

    void stateFolders(StateFolders folders) {
        lifecycle.stateFolders = folders;
    }

    /** One application's maintenance: its failures are recorded and published, not recovered. */
    ApplicationDTO maintenance(String name, boolean on) {
        return thread.call(() -> {
            WatchedApplication application = existing(name);
            application.maintenance = on;
            application.record(HistoryEntryDTO.Type.STOPPED, null, null, "maintenance " + (on ? "on" : "off"));
            return application.toDTO();
        });
    }

    /** Runtime-wide maintenance, on top of each application's own flag. */
    void maintenance(boolean on) {
        lifecycle.maintenance = on;
        environment.info("runtime-wide maintenance " + (on ? "on: failures are recorded, not recovered" : "off"));
    }

    boolean maintenance() {
        return lifecycle.maintenance;
    }

    ApplicationDTO watch(WatchSpec spec, ApplicationDTO.Origin origin) {
        WatchSpecs.validate(spec);
        // id and getent run here, on the caller's thread, not on the supervisor's
        ProcessGroups.Identity identity = spec.user == null ? null : ProcessGroups.identity(spec.user, spec.group);
        return thread.call(() -> {
            Map<String, List<String>> dependencies = new HashMap<>();
            applications.values().forEach(a -> dependencies.put(a.name(), a.spec.dependsOn));
            WatchSpecs.checkNoCycle(spec, dependencies);
            WatchedApplication existing = applications.get(spec.name);
            if (existing != null) {
                throw new NameTakenException("an application named '" + spec.name + "' is watched already;"
                        + " app:unwatch it first");
            }
            WatchedApplication application = new WatchedApplication(spec, origin);
            application.identity = identity;
            applications.put(spec.name, application);
            if (spec.held) {
                application.state = ApplicationDTO.State.STOPPED;
                application.reason = "held: the cluster starts it where it should run";
            } else {
                lifecycle.launch(application, null);
            }
            return application.toDTO();
        });
    }

    /**
     * A process registered itself through libft (FtRegWatch): watched from now on, by its connection
     * and by polling, since it is not our child.
     *
     * @return its SwiFT variables (token, heartbeat endpoint) for the REGISTERED answer
     */
    Map<String, String> adopt(WatchSpec spec, ProcessHandle process, ApplicationConnection connection) {
        WatchSpecs.validate(spec, true);
        return thread.call(() -> {
            applications.values().stream().filter(WatchedApplication::isRunning)
                    .filter(other -> other.pid() == process.pid() || ProcessGroups.descendsFrom(process, other.pid()))
                    .findFirst().ifPresent(other -> {
                        throw new IllegalArgumentException("pid " + process.pid() + " is supervised already, as "
                                + other.name() + (other.pid() == process.pid() ? "" : " (it is one of its processes)"));
                    });
            WatchedApplication existing = applications.get(spec.name);
            if (existing != null && (existing.isRunning() || existing.origin != ApplicationDTO.Origin.SELF)) {
                throw new IllegalArgumentException("an application named '" + spec.name + "' is watched already"
                        + (existing.isRunning() ? " and runs as pid " + existing.pid() : " (" + existing.origin + ")")
                        + "; register under another name");
            }
            WatchedApplication application = new WatchedApplication(spec, ApplicationDTO.Origin.SELF);
            if (existing != null) { // it registered before, failed, and now registers again: same history
                application.history.addAll(existing.history);
                application.incarnation = existing.incarnation;
                application.restarts = existing.restarts;
                lifecycle.cancelRestart(existing);
            }
            applications.put(spec.name, application);
            long incarnation = ++application.incarnation;
            application.adopted = true;
            application.daemon = process;
            application.connection = connection;
            application.launchedAt = java.time.Instant.now();
            application.startedAt = System.currentTimeMillis();
            Map<String, String> variables = lifecycle.launchVariables(application, incarnation);
            environment.heartbeats().ifPresent(heartbeats -> heartbeats.attach(spec.name, process.pid()));
            application.state = lifecycle.startingState(spec);
            application.record(HistoryEntryDTO.Type.STARTED, null, null, "registered itself, pid " + process.pid());
            lifecycle.publish(DetectorConstants.TOPIC_STARTED, application, Map.of(DetectorConstants.EVENT_PID, process.pid()));
            process.onExit().thenRun(() -> thread.execute(() -> lifecycle.daemonExited(application, incarnation, process)));
            probes.start(spec.name, incarnation, spec.probes);
            thread.execute(lifecycle::launchWaiting);
            return variables;
        });
    }

    /** A launched process's libft says HELLO: it proves itself with its launch token. */
    void connected(String name, String token, ApplicationConnection connection) {
        thread.call(() -> {
            WatchedApplication application = applications.get(name);
            if (application == null || !application.isRunning()
                    || !Tokens.same(application.launchVariables.get(ENV_TOKEN), token)) {
                throw new IllegalArgumentException("no running application '" + name + "' was launched with that token;"
                        + " HELLO is for processes the runtime launched (others REGISTER)");
            }
            if (application.isConnected()) {
                throw new IllegalArgumentException(name + " is connected already; one connection per launch");
            }
            application.connection = connection;
            return null;
        });
    }

    /** The connection closed. A process that registered itself and ended with it gets its verdict now, not at the next poll. */
    void disconnected(ApplicationConnection connection) {
        thread.execute(() -> {
            WatchedApplication application = applications.get(connection.application);
            if (application == null || application.connection != connection) {
                return;
            }
            application.connection = null;
            if (application.adopted && application.daemon != null) {
                lifecycle.checkAdoptedGone(application, application.incarnation, application.daemon, ApplicationLifecycle.ADOPTED_EXIT_CHECKS);
            }
        });
    }

    /** UNREGISTER (FtDelWatch): forgotten, its process left running. Only for one that registered itself. */
    void unregistered(ApplicationConnection connection) {
        thread.call(() -> {
            WatchedApplication application = applications.get(connection.application);
            if (application != null && application.origin != ApplicationDTO.Origin.SELF) {
                throw new IllegalArgumentException(application.name() + " is watched from its "
                        + application.origin.toString().toLowerCase() + ", not by registration: only an operator unwatches it");
            }
            if (application != null && application.connection == connection) {
                applications.remove(application.name());
                lifecycle.cancelRestart(application);
                lifecycle.cancel(application.scheduledKill);
                environment.heartbeats().ifPresent(heartbeats -> heartbeats.untrack(application.name()));
                probes.stop(application.name());
                records.ended(application.name());
                application.incarnation++; // what is still in flight about it is stale
                environment.info(application.name() + " unregistered itself: no longer watched, left running");
            }
            return null;
        });
    }

    CompletionStage<String> request(String name, String verb, String argument, long timeoutMillis) {
        if (!ControlProtocol.isVerb(verb)) {
            throw new IllegalArgumentException("request verb '" + verb + "' must be 1 to 32 of A-Z, 0-9, _ (such as CHECKPOINT)");
        }
        ApplicationConnection connection = thread.call(() -> existing(name).connection);
        if (connection == null || !connection.isOpen()) {
            return CompletableFuture.failedFuture(new ApplicationRequestException(ApplicationRequestException.Reason.NOT_CONNECTED,
                    name + " has no libft connection to the runtime (it does not use libft's RuntimeConnection, or is not running)"));
        }
        return connection.request(verb, argument, timeoutMillis);
    }

    CompletionStage<Boolean> unwatch(String name) {
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        thread.execute(() -> {
            WatchedApplication application = applications.get(name);
            if (application == null) {
                done.complete(false);
                return;
            }
            lifecycle.stopOnPurpose(application, "unwatched").whenComplete((dto, error) -> thread.execute(() -> {
                applications.remove(name);
                done.complete(true);
            }));
        });
        return done;
    }

    CompletionStage<ApplicationDTO> start(String name) {
        return start(name, null);
    }

    /** @param environment extra variables for a held application, or {@code null} for an operator's start */
    CompletionStage<ApplicationDTO> start(String name, Map<String, String> environment) {
        return thread.submit(() -> {
            WatchedApplication application = existing(name);
            if (environment == null && application.spec.held) {
                throw new IllegalStateException(name + " is clustered: the cluster starts it on its primary"
                        + " (cluster:failover " + name + " MEMBER moves it)");
            }
            if (environment != null) {
                application.extraEnvironment = environment;
            }
            return startNow(application);
        }).thenCompose(started -> started);
    }

    CompletionStage<ApplicationDTO> stop(String name) {
        return thread.submit(() -> lifecycle.stopOnPurpose(existing(name), "stopped by an operator")).thenCompose(stopped -> stopped);
    }

    CompletionStage<ApplicationDTO> restart(String name) {
        return stop(name).thenCompose(stopped -> start(name));
    }

    /** An operator's start: a fresh count of failures; behind a stop still in progress, after it. */
    private CompletableFuture<ApplicationDTO> startNow(WatchedApplication application) {
        if (application.isRunning() && application.stopRequested) {
            CompletableFuture<ApplicationDTO> stopped = new CompletableFuture<>();
            application.waitingForStop.add(stopped);
            return stopped.thenComposeAsync(dto -> startNow(application), thread.asExecutor());
        }
        if (!application.isRunning()) {
            lifecycle.cancelRestart(application);
            application.consecutiveFailures = 0;
            application.failureTimes.clear();
            application.reason = null;
            lifecycle.launch(application, "started by an operator");
            if (application.state == ApplicationDTO.State.FAILED) {
                return CompletableFuture.failedFuture(new IllegalStateException(application.name() + ": " + application.reason));
            }
        }
        return CompletableFuture.completedFuture(application.toDTO());
    }

    List<ApplicationDTO> applications() {
        return thread.call(() -> applications.values().stream().map(this::snapshot)
                .sorted(Comparator.comparing(dto -> dto.name)).toList());
    }

    Optional<ApplicationDTO> application(String name) {
        return thread.call(() -> Optional.ofNullable(applications.get(name)).map(this::snapshot));
    }

    /** The application as it stands, with its last sign of life (heartbeat or passing probe) and open regions. */
    private ApplicationDTO snapshot(WatchedApplication application) {
        ApplicationDTO dto = application.toDTO();
        if (!application.isRunning()) {
            return dto;
        }
        dto.lastSignOfLifeAt = probes.lastPassed(application.name());
        environment.heartbeats().flatMap(heartbeats -> heartbeats.application(application.name())).ifPresent(beats -> {
            dto.lastSignOfLifeAt = Math.max(dto.lastSignOfLifeAt, beats.lastBeat);
            dto.openRegions = beats.openRegions.stream().map(region -> region.name).toList();
            dto.statusText = beats.statusText;
        });
        return dto;
    }

    List<HistoryEntryDTO> history(String name) {
        return thread.call(() -> List.copyOf(existing(name).history));
    }

    private WatchedApplication existing(String name) {
        WatchedApplication application = applications.get(name);
        if (application == null) {
            throw new IllegalArgumentException("no application named '" + name + "' is watched (app:list shows them)");
        }
        return application;
    }

    /**
     * Stops every application at once (SIGTERM, then SIGKILL after its grace), waits for them, and ends
     * the supervisor's thread. What is still there past the longest grace is killed with its group, so
     * nothing outlives a clean shutdown.
     */
    @Override
    public void close() {
        // half a grace period more for PREPARE_STOP
        long longestGrace = thread.call(() -> applications.values().stream().mapToLong(a -> a.spec.stopGraceMillis * 3 / 2).max().orElse(0));
        List<CompletableFuture<ApplicationDTO>> stopping = thread.call(() -> applications.values().stream()
                .filter(application -> !application.adopted) // it ran before it registered, and registers again when we are back
                .map(application -> lifecycle.stopOnPurpose(application, "the runtime is stopping")).toList());
        try {
            CompletableFuture.allOf(stopping.toArray(CompletableFuture[]::new))
                    .get(longestGrace + TimeUnit.SECONDS.toMillis(5), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            thread.call(() -> {
                applications.values().stream().filter(WatchedApplication::isRunning)
                        .filter(application -> !application.adopted).forEach(application -> application.signal("KILL"));
                return null;
            });
            environment.warn("applications still running after their grace period were killed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        probes.close();
        thread.shutdown();
    }
}
