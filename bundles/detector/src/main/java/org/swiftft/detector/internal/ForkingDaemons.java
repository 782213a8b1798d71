package org.swiftft.detector.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.swiftft.detector.HistoryEntryDTO;
import org.swiftft.detector.WatchSpec;

/**
 * A daemon that forks (a watch file's {@code pid.file}, systemd's {@code Type=forking}): its launcher's
 * exit 0 is its start, and the process its pid file names — if this launch could have started it — is
 * the application from then on. On the supervisor's thread, like the {@link ApplicationLifecycle} it
 * reports to.
 */
final class ForkingDaemons {

    private static final long PID_FILE_POLL_MILLIS = 50;

    private final ApplicationLifecycle lifecycle;
    private final SupervisorThread thread;
    private final SupervisorEnvironment environment;
    private final LaunchRecords records;
    private final Path workFolder;

    ForkingDaemons(ApplicationLifecycle lifecycle, SupervisorThread thread, SupervisorEnvironment environment,
            LaunchRecords records, Path workFolder) {
        this.lifecycle = lifecycle;
        this.thread = thread;
        this.environment = environment;
        this.records = records;
        this.workFolder = workFolder;
    }

    /**
     * A forking daemon's launcher ended. Status 0 is its normal end (systemd's Type=forking): the
     * daemon it left is named in the pid file, which is waited for up to the start timeout; any other
     * status is a crash.
     */
    void launcherExited(WatchedApplication application, long incarnation, Process launcher) {
        if (incarnation != application.incarnation) {
            return;
        }
        if (application.stopRequested || launcher.exitValue() != 0) {
            lifecycle.exited(application, incarnation, launcher);
            return;
        }
        application.awaitingDaemon = true;
        long deadline = System.currentTimeMillis() + Math.max(application.spec.startTimeoutMillis, 1000);
        awaitPidFile(application, incarnation, deadline);
    }

    void awaitPidFile(WatchedApplication application, long incarnation, long deadline) {
        if (incarnation != application.incarnation || !application.awaitingDaemon) {
            return;
        }
        Optional<ProcessHandle> daemon = readPidFile(application);
        if (application.stopRequested || application.pendingHang != null) {
            // Stopped, or found hung, before its daemon was known: that daemon must not live on.
            application.awaitingDaemon = false;
            daemon.ifPresent(found -> ProcessGroups.signalDaemon(found.pid(), "KILL"));
            lifecycle.ended(application, application.process.pid());
        } else if (daemon.isPresent()) {
            adoptDaemon(application, incarnation, daemon.get());
        } else if (System.currentTimeMillis() < deadline) {
            thread.schedule(() -> awaitPidFile(application, incarnation, deadline), PID_FILE_POLL_MILLIS);
        } else {
            application.awaitingDaemon = false;
            lifecycle.failed(application, Verdicts.crashed(application, application.process.pid(),
                    "no live process started by it named in " + pidFile(application.spec) + " after its launcher ended"));
        }
    }

    /**
     * The process the pid file names, if it is one this launch could have started: alive, not init,
     * not the runtime, and started after the launch. Anything else is not trusted, never signalled.
     */
    Optional<ProcessHandle> readPidFile(WatchedApplication application) {
        try {
            long pid = Long.parseLong(Files.readString(pidFile(application.spec)).strip());
            if (pid <= 1 || pid == ProcessHandle.current().pid()) {
                return Optional.empty();
            }
            java.time.Instant earliest = application.launchedAt.minusSeconds(2); // start times are tick-rounded
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .filter(p -> p.info().startInstant().map(start -> !start.isBefore(earliest)).orElse(false));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty(); // not written yet, or half written
        }
    }

    /** A relative pid file is where the daemon writes it: in its working directory. */
    Path pidFile(WatchSpec spec) {
        Path folder = spec.workingDirectory == null ? workFolder : Path.of(spec.workingDirectory);
        return folder.resolve(spec.pidFile);
    }

    void adoptDaemon(WatchedApplication application, long incarnation, ProcessHandle daemon) {
        application.awaitingDaemon = false;
        application.daemon = daemon;
        environment.heartbeats().ifPresent(heartbeats -> heartbeats.attach(application.name(), daemon.pid()));
        try {
            records.launched(application.name(), daemon);
        } catch (IOException e) {
            environment.warn(application.name() + ": launch record not written: " + e);
        }
        application.record(HistoryEntryDTO.Type.STARTED, null, null, "daemon pid " + daemon.pid() + " from "
                + application.spec.pidFile);
        // Not a child: the JDK learns of its end by polling, 300 ms late at first, up to 5 s for a long-lived one.
        daemon.onExit().thenRun(() -> thread.execute(() -> lifecycle.daemonExited(application, incarnation, daemon)));
    }
}
