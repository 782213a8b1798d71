package org.swiftft.detector.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.swiftft.cluster.FailoverCoordinator;
import org.swiftft.detector.ApplicationDTO;
import org.swiftft.detector.ApplicationDTO.State;
import org.swiftft.detector.DetectorConstants;
import org.swiftft.detector.HistoryEntryDTO;
import org.swiftft.detector.VerdictDTO;
import org.swiftft.detector.WatchSpec;
import org.swiftft.heartbeat.DeadlineListener;
import org.swiftft.heartbeat.HeartbeatSpec;
import org.swiftft.heartbeat.MissedDeadline;
import org.swiftft.policy.FailureContext;
import org.swiftft.policy.RestartDecision;

/**
 * What happens to a watched application, on the supervisor's thread: launch, its end, verdicts,
 * recovery per the restart policy, stops on purpose. The {@link Supervisor} owns the applications
 * and takes callers' requests; this carries them out. Not thread-safe: only the supervisor's thread
 * calls it.
 */
final class ApplicationLifecycle {

    static final int ADOPTED_EXIT_CHECKS = 100;
    private static final long ADOPTED_EXIT_CHECK_MILLIS = 20;

    private final Map<String, WatchedApplication> applications;
    private final SupervisorThread thread;
    private final SupervisorEnvironment environment;
    private final LaunchRecords records;
    private final ProbeScheduler probes;
    private final Path logFolder;
    private final Path workFolder;
    private final ForkingDaemons daemons;
    volatile String rebootCommand = "";
    /** Runtime-wide maintenance, on top of each application's own flag. */
    volatile boolean maintenance;
    /** The libft socket given to children as SWIFT_CONTROL, or {@code null} while there is none. */
    volatile Path applicationSocket;
    /** Where each application's checkpoints and journals go (SWIFT_STATE), or {@code null} for none. */
    volatile StateFolders stateFolders;

    ApplicationLifecycle(Map<String, WatchedApplication> applications, SupervisorThread thread,
            SupervisorEnvironment environment, LaunchRecords records, ProbeScheduler probes, Path logFolder, Path workFolder) {
        this.applications = applications;
        this.thread = thread;
        this.environment = environment;
        this.records = records;
        this.probes = probes;
        this.logFolder = logFolder;
        this.workFolder = workFolder;
        this.daemons = new ForkingDaemons(this, thread, environment, records, workFolder);
    }

    void launch(WatchedApplication application, String why) {
        WatchSpec spec = application.spec;
        List<String> missing = spec.dependsOn.stream().filter(dependency -> !isRunning(dependency)).toList();
        if (!missing.isEmpty()) {
            application.state = State.WAITING; // launched by launchWaiting() once they all run
            application.reason = "waiting for " + String.join(", ", missing) + " to run";
            return;
        }
        long incarnation = ++application.incarnation;
        application.stopRequested = false;
        application.daemon = null;
        application.awaitingDaemon = false;
        application.launchedAt = java.time.Instant.now();
        if (spec.pidFile != null) {
            try {
                Files.deleteIfExists(daemons.pidFile(spec)); // a stale one would name an old process
            } catch (IOException e) {
                environment.warn(spec.name + ": cannot remove the old pid file " + spec.pidFile + ": " + e);
            }
        }
        application.pendingHang = null;
        application.adopted = false;
        if (spec.command == null) {
            launchFailed(application, "it registered itself without a command line, so it cannot be restarted;"
                    + " start it again yourself");
            return;
        }
        Map<String, String> variables = new HashMap<>(spec.environment);
        variables.putAll(application.extraEnvironment);
        variables.putAll(launchVariables(application, incarnation)); // the SwiFT variables win over the spec's
        List<String> command = new ArrayList<>();
        command.add(spec.command);
        command.addAll(spec.args);
        try {
            Path log = logFile(spec);
            Process process = ProcessGroups.launch(command, variables,
                    spec.workingDirectory == null ? workFolder : Path.of(spec.workingDirectory), log,
                    application.identity, spec.limits);
            application.process = process;
            try {
                records.launched(spec.name, process.toHandle());
            } catch (IOException e) {
                environment.warn(spec.name + ": launch record not written (" + e + "); if the runtime is killed,"
                        + " what this process starts may outlive it");
            }
            application.startedAt = System.currentTimeMillis();
            application.state = startingState(spec);
            application.reason = null;
            environment.heartbeats().ifPresent(heartbeats -> heartbeats.attach(spec.name, process.pid()));
            process.onExit().thenRun(() -> thread.execute(() -> {
                if (spec.pidFile == null) {
                    exited(application, incarnation, process);
                } else {
                    daemons.launcherExited(application, incarnation, process);
                }
            }));
            probes.start(spec.name, incarnation, spec.probes);
            application.record(HistoryEntryDTO.Type.STARTED, null, null, why == null ? "pid " + process.pid() : why
                    + ", pid " + process.pid());
            publish(DetectorConstants.TOPIC_STARTED, application, Map.of(DetectorConstants.EVENT_PID, process.pid()));
            thread.execute(this::launchWaiting);
        } catch (IOException | RuntimeException e) {
            environment.heartbeats().ifPresent(heartbeats -> heartbeats.untrack(spec.name));
            launchFailed(application, "cannot launch " + spec.command + ": " + e.getMessage());
        }
    }

    void launchFailed(WatchedApplication application, String reason) {
        application.state = State.FAILED;
        application.reason = reason;
        application.record(HistoryEntryDTO.Type.FAILED, null, null, reason);
        environment.warn(application.name() + ": " + reason);
        publish(DetectorConstants.TOPIC_FAILED, application, Map.of(DetectorConstants.EVENT_MESSAGE, reason));
    }

    /**
     * The SwiFT variables of a new incarnation: heartbeat credentials when the heartbeat capability
     * runs (else a token of our own, which libft's HELLO proves), and the libft socket.
     */
    Map<String, String> launchVariables(WatchedApplication application, long incarnation) {
        WatchSpec spec = application.spec;
        Map<String, String> variables = new HashMap<>();
        environment.heartbeats().ifPresentOrElse(heartbeats -> variables.putAll(heartbeats.track(spec.name,
                new HeartbeatSpec(spec.heartbeatTimeoutMillis, spec.heartbeatTimeoutMillis > 0 ? spec.startTimeoutMillis : 0),
                new DeadlineListener() {
                    @Override
                    public void missed(MissedDeadline missed) {
                        thread.execute(() -> hung(application, incarnation, missed));
                    }

                    @Override
                    public void ready(String name) {
                        thread.execute(() -> readied(application, incarnation));
                    }
                }).environment()), () -> {
                    variables.put(Supervisor.ENV_APP, spec.name);
                    variables.put(Supervisor.ENV_TOKEN, Tokens.next());
                });
        Path socket = applicationSocket;
        if (socket != null) {
            variables.put(Supervisor.ENV_CONTROL, socket.toString());
        }
        StateFolders state = stateFolders;
        if (state != null) {
            try {
                variables.put(StateFolders.ENV_STATE, state.prepare(spec.name, application.identity).toString());
            } catch (IOException e) {
                environment.warn(spec.name + ": no state folder (" + e + "); it runs without SWIFT_STATE");
            }
        }
        application.launchVariables = Map.copyOf(variables);
        return variables;
    }

    /** STARTING until READY or a first heartbeat when the heartbeat capability waits for one; else at once RUNNING. */
    State startingState(WatchSpec spec) {
        return spec.heartbeatTimeoutMillis > 0 && environment.heartbeats().isPresent() ? State.STARTING : State.RUNNING;
    }

    /** READY or a first heartbeat: what waits for this application may start. */
    void readied(WatchedApplication application, long incarnation) {
        if (incarnation != application.incarnation || application.state != State.STARTING) {
            return;
        }
        application.state = State.RUNNING;
        application.record(HistoryEntryDTO.Type.READY, null, null, "ready");
        publish(DetectorConstants.TOPIC_READY, application, Map.of(DetectorConstants.EVENT_PID, application.pid()));
        launchWaiting();
    }

    boolean isRunning(String name) {
        WatchedApplication application = applications.get(name);
        return application != null && application.state == State.RUNNING;
    }

    /** Start order: whoever was waiting for applications that now all run is launched. */
    void launchWaiting() {
        for (WatchedApplication waiting : List.copyOf(applications.values())) {
            if (waiting.state == State.WAITING && waiting.spec.dependsOn.stream().allMatch(this::isRunning)) {
                launch(waiting, "what it depends on runs");
            }
        }
    }

    void exited(WatchedApplication application, long incarnation, Process process) {
        if (incarnation != application.incarnation) {
            return; // an earlier incarnation: already dealt with
        }
        if (application.stopRequested || application.pendingHang != null) {
            ended(application, process.pid());
            return;
        }
        failed(application, Verdicts.exited(application, process));
    }

    /** Stopped on purpose, or the end of a hung one: the stop completes, or the hang is recovered. */
    void ended(WatchedApplication application, long pid) {
        cleanUp(application, pid);
        if (application.stopRequested) {
            application.state = State.STOPPED;
            application.waitingForStop.forEach(waiting -> waiting.complete(application.toDTO()));
            application.waitingForStop.clear();
            return;
        }
        recover(application, application.pendingHang);
    }

    /** The application's process is gone; whatever it started in its group goes too, or a restart would run it twice. */
    void cleanUp(WatchedApplication application, long pid) {
        environment.heartbeats().ifPresent(heartbeats -> heartbeats.untrack(application.name()));
        probes.stop(application.name());
        cancel(application.scheduledKill);
        if (application.process != null) {
            ProcessGroups.signal(application.process.pid(), "KILL");
            if (pid != application.process.pid()) {
                ProcessGroups.signalDaemon(pid, "KILL");
            }
        } // a process that registered itself is gone, and its group is not ours to kill
        records.ended(application.name());
    }

    /**
     * A process that registered itself may be gone (its connection closed, or it was sent SIGKILL):
     * looked at a few times, since its parent reaps it a moment later, and a zombie counts as gone.
     */
    void checkAdoptedGone(WatchedApplication application, long incarnation, ProcessHandle process, int checksLeft) {
        if (ProcessGroups.isGone(process)) {
            daemonExited(application, incarnation, process);
        } else if (checksLeft > 0) {
            thread.schedule(() -> checkAdoptedGone(application, incarnation, process, checksLeft - 1), ADOPTED_EXIT_CHECK_MILLIS);
        }
    }

    void daemonExited(WatchedApplication application, long incarnation, ProcessHandle daemon) {
        if (incarnation != application.incarnation || application.daemon != daemon) {
            return; // an earlier incarnation, or told already (by the connection closing, then by polling)
        }
        application.daemon = null;
        if (application.stopRequested || application.pendingHang != null) {
            ended(application, daemon.pid());
            return;
        }
        failed(application, Verdicts.crashed(application, daemon.pid(), (application.adopted
                ? "pid " + daemon.pid() + ", which registered itself," : "the daemon (pid " + daemon.pid() + ")")
                + " exited; not our child, so its status is unknown"));
    }

    /** A crash found other than by a child's exit status: reported, cleaned up, recovered. */
    void failed(WatchedApplication application, VerdictDTO verdict) {
        report(application, verdict);
        cleanUp(application, verdict.pid);
        recover(application, verdict);
    }

    void hung(WatchedApplication application, long incarnation, MissedDeadline missed) {
        if (isCurrentAndServing(application, incarnation)) {
            hang(application, Verdicts.late(application, missed));
        }
    }

    /** Alive but not serving: a hang by probe, recovered like any hang. */
    void probeFailed(WatchedApplication application, long incarnation, org.swiftft.detector.ProbeSpec probe,
            String error) {
        if (isCurrentAndServing(application, incarnation)) {
            hang(application, Verdicts.probeFailed(application, probe, error));
        }
    }

    static boolean isCurrentAndServing(WatchedApplication application, long incarnation) {
        return incarnation == application.incarnation && application.isRunning() && !application.stopRequested
                && application.pendingHang == null;
    }

    /** The group is stopped; its end then recovers it like a crash. */
    void hang(WatchedApplication application, VerdictDTO verdict) {
        probes.stop(application.name());
        application.pendingHang = verdict;
        report(application, verdict);
        terminate(application);
    }

    /** Into the history, onto EventAdmin, into the log. */
    void report(WatchedApplication application, VerdictDTO verdict) {
        boolean crash = verdict.kind == VerdictDTO.Kind.CRASH;
        application.record(crash ? HistoryEntryDTO.Type.CRASHED : HistoryEntryDTO.Type.HUNG, verdict, null, verdict.message);
        publish(crash ? DetectorConstants.TOPIC_CRASHED : DetectorConstants.TOPIC_HUNG, application, Verdicts.event(verdict));
        environment.warn(application.name() + (crash ? " crashed: " : " hung: ") + verdict.message);
    }

    void recover(WatchedApplication application, VerdictDTO verdict) {
        long now = System.currentTimeMillis();
        application.lastVerdict = verdict;
        application.failedAt(now);
        application.consecutiveFailures = verdict.upMillis >= application.spec.stablePeriodMillis
                ? 1 : application.consecutiveFailures + 1;
        FailureContext failure = new FailureContext(application.name(), verdict.kind.name(), verdict.message, now,
                verdict.upMillis, List.copyOf(application.failureTimes), application.consecutiveFailures);
        RestartDecision decision = environment.decide(application.spec.policy, failure);
        String said = decision.action() + (decision.delayMillis() > 0 ? " after " + decision.delayMillis() + " ms" : "")
                + (decision.reason().isEmpty() ? "" : ": " + decision.reason());
        if (application.maintenance || maintenance) {
            application.state = State.STOPPED;
            application.reason = (application.maintenance ? "" : "runtime-wide ") + "maintenance: no recovery (policy said "
                    + said + ")";
            application.record(HistoryEntryDTO.Type.STOPPED, null, said, application.reason);
            return;
        }
        switch (decision.action()) {
            case RESTART:
                application.state = State.BACKING_OFF;
                application.reason = "restart in " + decision.delayMillis() + " ms";
                application.scheduledRestart = thread.schedule(() -> restartAfterFailure(application, said),
                        decision.delayMillis());
                break;
            case STOP:
                application.state = State.FAILED; // given up on: it stays down until an operator starts it
                application.reason = "the restart policy gave up: " + decision.reason();
                application.record(HistoryEntryDTO.Type.FAILED, null, said, application.reason);
                publish(DetectorConstants.TOPIC_FAILED, application, Map.of(DetectorConstants.EVENT_MESSAGE, application.reason));
                break;
            default:
                escalate(application, decision, said);
        }
    }

    void restartAfterFailure(WatchedApplication application, String decision) {
        if (application.state != State.BACKING_OFF || !applications.containsKey(application.name())) {
            return; // stopped or unwatched while backing off
        }
        application.restarts++;
        application.reason = null;
        application.record(HistoryEntryDTO.Type.RESTARTED, null, decision, "restart " + application.restarts);
        publish(DetectorConstants.TOPIC_RESTARTED, application, Map.of(DetectorConstants.EVENT_ACTION, "RESTART"));
        launch(application, "restarted after " + application.lastVerdict.kind);
    }

    /** Fail-over goes to the cluster (a clustered application, on a member); reboot needs a configured command. */
    void escalate(WatchedApplication application, RestartDecision decision, String said) {
        String outcome;
        Optional<FailoverCoordinator> cluster = environment.failover();
        if (decision.action() == RestartDecision.Action.FAILOVER && cluster.isPresent() && application.spec.held) {
            outcome = "fail-over asked: the cluster moves it to another member";
            cluster.get().escalate(application.name(), said).whenComplete((moved, failed) -> {
                if (failed != null) {
                    String why = "fail-over failed: " + (failed.getCause() == null ? failed : failed.getCause()).getMessage();
                    thread.execute(() -> {
                        application.reason = why;
                        application.record(HistoryEntryDTO.Type.ESCALATED, null, said, why);
                    });
                    environment.warn(application.name() + ": " + why);
                }
            });
        } else if (decision.action() == RestartDecision.Action.REBOOT && !rebootCommand.isBlank()) {
            outcome = "reboot asked: running " + rebootCommand;
            try {
                new ProcessBuilder("/bin/sh", "-c", rebootCommand).inheritIO().start();
            } catch (IOException e) {
                outcome = "reboot asked, but " + rebootCommand + " cannot run: " + e.getMessage();
            }
        } else if (decision.action() == RestartDecision.Action.REBOOT) {
            outcome = "reboot asked, but no reboot command is configured (reboot.command in etc/org.swiftft.detector.cfg)";
        } else {
            outcome = application.spec.held ? "fail-over asked, but the cluster capability is not running"
                    : "fail-over asked, but it is not clustered (cluster.hosts in its watch configuration)";
        }
        application.state = State.FAILED;
        application.reason = outcome;
        application.record(HistoryEntryDTO.Type.ESCALATED, null, said, outcome);
        publish(DetectorConstants.TOPIC_ESCALATED, application, Map.of(DetectorConstants.EVENT_ACTION,
                decision.action().name(), DetectorConstants.EVENT_MESSAGE, outcome));
        publish(DetectorConstants.TOPIC_FAILED, application, Map.of(DetectorConstants.EVENT_MESSAGE, outcome));
        environment.warn(application.name() + ": " + said + "; " + outcome);
    }

    CompletableFuture<ApplicationDTO> stopOnPurpose(WatchedApplication application, String why) {
        cancelRestart(application);
        if (!application.isRunning()) {
            application.state = State.STOPPED;
            application.reason = null;
            return CompletableFuture.completedFuture(application.toDTO());
        }
        CompletableFuture<ApplicationDTO> stopped = new CompletableFuture<>();
        application.waitingForStop.add(stopped);
        if (!application.stopRequested) {
            application.stopRequested = true;
            probes.stop(application.name());
            application.record(HistoryEntryDTO.Type.STOPPED, null, null, why);
            publish(DetectorConstants.TOPIC_STOPPED, application, Map.of(DetectorConstants.EVENT_MESSAGE, why));
            prepareThenTerminate(application);
        }
        return stopped;
    }

    /**
     * A stop on purpose: an application with a libft connection is told first (PREPARE_STOP, with the
     * grace period), and SIGTERM follows its answer or half the grace period, whichever comes first.
     */
    void prepareThenTerminate(WatchedApplication application) {
        if (!application.isConnected()) {
            terminate(application);
            return;
        }
        application.state = State.STOPPING;
        long incarnation = application.incarnation;
        long grace = application.spec.stopGraceMillis;
        application.connection.request(DetectorConstants.REQUEST_PREPARE_STOP, Long.toString(grace), Math.max(1, grace / 2))
                .whenComplete((answer, error) -> thread.execute(() -> {
                    if (incarnation == application.incarnation && application.isRunning()) {
                        application.record(HistoryEntryDTO.Type.STOPPED, null, null, error == null
                                ? "prepared to stop" + (answer.isEmpty() ? "" : ": " + answer)
                                : "PREPARE_STOP not answered (" + unwrap(error).getMessage() + "): SIGTERM");
                        terminate(application);
                    }
                }));
    }

    static Throwable unwrap(Throwable error) {
        return error instanceof java.util.concurrent.CompletionException && error.getCause() != null ? error.getCause() : error;
    }

    /** SIGTERM to the group, SIGKILL after the grace period if it is still there. */
    void terminate(WatchedApplication application) {
        application.state = State.STOPPING;
        long incarnation = application.incarnation;
        application.signal("TERM");
        application.signal("CONT"); // a stopped (SIGSTOP) process only sees SIGTERM once it runs again
        application.scheduledKill = thread.schedule(() -> {
            if (incarnation == application.incarnation && application.isRunning()) {
                application.record(HistoryEntryDTO.Type.STOPPED, null, null, "still running "
                        + application.spec.stopGraceMillis + " ms after SIGTERM: SIGKILL");
                application.signal("KILL");
                if (application.adopted && application.daemon != null) { // not our child: its end is looked for, not told
                    checkAdoptedGone(application, incarnation, application.daemon, ADOPTED_EXIT_CHECKS);
                }
            }
        }, application.spec.stopGraceMillis);
    }

    void cancelRestart(WatchedApplication application) {
        cancel(application.scheduledRestart);
        application.scheduledRestart = null;
    }

    static void cancel(java.util.concurrent.Future<?> future) {
        if (future != null) {
            future.cancel(false);
        }
    }

    /** {@code data/log/NAME.log}, the previous one kept as {@code NAME.log.1} once it passed the size cap. */
    Path logFile(WatchSpec spec) throws IOException {
        Files.createDirectories(logFolder);
        Path log = logFolder.resolve(spec.name + ".log");
        if (Files.exists(log) && Files.size(log) > spec.logMaxBytes) {
            Files.move(log, logFolder.resolve(spec.name + ".log.1"), StandardCopyOption.REPLACE_EXISTING);
        }
        return log;
    }

    void publish(String topic, WatchedApplication application, Map<String, Object> properties) {
        Map<String, Object> all = new HashMap<>(properties);
        all.put(DetectorConstants.EVENT_APPLICATION, application.name());
        environment.publish(topic, all);
    }

}
