package org.swiftft.detector.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;

import org.swiftft.detector.ApplicationDTO;
import org.swiftft.detector.ApplicationDTO.State;
import org.swiftft.detector.HistoryEntryDTO;
import org.swiftft.detector.VerdictDTO;
import org.swiftft.detector.WatchSpec;

/** One watched application. Touched only on the supervisor's thread. */
final class WatchedApplication {

    static final int HISTORY = 64;
    static final int FAILURE_TIMES = 64;

    final WatchSpec spec;
    final ApplicationDTO.Origin origin;
    /** Its own maintenance flag: verdicts are recorded, no recovery is done. */
    boolean maintenance;
    /** Who it runs as, resolved when watched; {@code null}: the runtime's user. */
    ProcessGroups.Identity identity;
    State state = State.STOPPED;
    /** Counts launches, so that news about an earlier incarnation is recognised and ignored. */
    long incarnation;
    Process process;
    long startedAt;
    int restarts;
    int consecutiveFailures;
    VerdictDTO lastVerdict;
    /** A hang verdict was reached and the group is being stopped: its exit is not a new crash. */
    VerdictDTO pendingHang;
    /** An operator or the policy asked for this stop: its exit is not a failure. */
    boolean stopRequested;
    String reason;
    ScheduledFuture<?> scheduledRestart;
    ScheduledFuture<?> scheduledKill;
    final List<CompletableFuture<ApplicationDTO>> waitingForStop = new ArrayList<>();
    final Deque<Long> failureTimes = new ArrayDeque<>();
    final Deque<HistoryEntryDTO> history = new ArrayDeque<>();

    WatchedApplication(WatchSpec spec, ApplicationDTO.Origin origin) {
        this.spec = spec;
        this.origin = origin;
        this.maintenance = spec.maintenance;
    }

    String name() {
        return spec.name;
    }

    /** For a forking daemon (a pid file): the process named there, once known; else {@code null}. */
    ProcessHandle daemon;
    /** A forking daemon's launcher ended well and its pid file is awaited: it counts as running. */
    boolean awaitingDaemon;
    /** When the current incarnation was launched: a daemon must have started since. */
    java.time.Instant launchedAt;
    /** The current incarnation registered itself through libft: {@link #daemon} is it, not our child. */
    boolean adopted;
    /** The SwiFT variables of the current incarnation (SWIFT_APP, SWIFT_TOKEN, ...); the token proves a libft HELLO. */
    Map<String, String> launchVariables = Map.of();
    /** Variables its last start added (the cluster's role), kept for its restarts. */
    Map<String, String> extraEnvironment = Map.of();
    /** Its libft connection, if open. */
    ApplicationConnection connection;

    boolean isRunning() {
        return (process != null && process.isAlive()) || (daemon != null && daemon.isAlive()) || awaitingDaemon;
    }

    /** The process that is the application: the daemon once known, else the one launched. */
    long pid() {
        return daemon != null ? daemon.pid() : process.pid();
    }

    /** To the launched process's group, and to the daemon or adopted process (its group only if it leads one). */
    void signal(String signal) {
        if (process != null) {
            ProcessGroups.signal(process.pid(), signal);
        }
        if (daemon != null) {
            ProcessGroups.signalDaemon(daemon.pid(), signal);
        }
    }

    boolean isConnected() {
        return connection != null && connection.isOpen();
    }

    void record(HistoryEntryDTO.Type type, VerdictDTO verdict, String decision, String message) {
        HistoryEntryDTO entry = new HistoryEntryDTO();
        entry.type = type;
        entry.time = System.currentTimeMillis();
        entry.verdict = verdict;
        entry.decision = decision;
        entry.message = message;
        history.addLast(entry);
        if (history.size() > HISTORY) {
            history.removeFirst();
        }
    }

    void failedAt(long time) {
        failureTimes.addLast(time);
        if (failureTimes.size() > FAILURE_TIMES) {
            failureTimes.removeFirst();
        }
    }

    ApplicationDTO toDTO() {
        ApplicationDTO dto = new ApplicationDTO();
        dto.name = spec.name;
        dto.state = state;
        dto.origin = origin;
        dto.pid = isRunning() ? pid() : -1;
        dto.startedAt = startedAt;
        dto.restarts = restarts;
        dto.consecutiveFailures = consecutiveFailures;
        dto.lastVerdict = lastVerdict;
        dto.maintenance = maintenance;
        dto.policy = spec.policy == null ? "restart" : spec.policy;
        dto.reason = reason;
        dto.connected = isConnected();
        return dto;
    }
}
