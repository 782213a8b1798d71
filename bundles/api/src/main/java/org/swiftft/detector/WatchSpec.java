package org.swiftft.detector;

import java.util.List;
import java.util.Map;

/**
 * What to watch and how: the content of {@code etc/org.swiftft.watch-NAME.cfg}, of
 * {@code app:watch}, or of a libft self-registration. Plain data; the
 * {@link ApplicationSupervisor} validates it and copies it. Defaults are the field initialisers.
 */
public class WatchSpec {

    /** Unique name of the application: letters, digits, {@code .-_}; used in file names and events. */
    public String name;
    /** The executable, as a path or a name looked up on {@code PATH}. */
    public String command;
    /** Arguments after the executable. */
    public List<String> args = List.of();
    /** Working directory, or {@code null} for the runtime's {@code data/} directory. */
    public String workingDirectory;
    /** Variables added to the runtime's environment (the SwiFT variables always win). */
    public Map<String, String> environment = Map.of();
    /** Run as this user (name or uid), or {@code null} for the runtime's user. */
    public String user;
    /** Run as this group (name or gid), or {@code null} for the user's primary group. */
    public String group;
    /** Resource limits by {@code prlimit} name ({@code nofile}, {@code as}, {@code core}, ...). */
    public Map<String, Long> limits = Map.of();

    /**
     * Heartbeat timeout: no heartbeat for this long is a hang; 0 for none. A {@code WATCHDOG_USEC}
     * the child announces wins over it.
     */
    public long heartbeatTimeoutMillis;
    /** How long the child may take to send READY or its first heartbeat. */
    public long startTimeoutMillis = 30_000;
    /** Probes for applications that cannot heartbeat; all must pass. */
    public List<ProbeSpec> probes = List.of();

    /** The {@link org.swiftft.policy.PolicyConstants#POLICY_NAME} of the restart policy, or {@code null} for {@code restart}. */
    public String policy;
    /** A run longer than this resets the consecutive-failure count. */
    public long stablePeriodMillis = 60_000;
    /** Time between SIGTERM and SIGKILL when stopping. */
    public long stopGraceMillis = 10_000;

    /** Applications that must be RUNNING before this one is launched. */
    public List<String> dependsOn = List.of();
    /** Start in maintenance: verdicts recorded, no recovery. */
    public boolean maintenance;
    /**
     * For a daemon that forks: the pid file it writes; the process named there is supervised
     * (systemd's {@code Type=forking}). {@code null} means foreground, the default.
     */
    public String pidFile;
    /** Size at which {@code data/log/NAME.log} is rotated; older output beyond one rotation is lost. */
    public long logMaxBytes = 10L << 20;
    /**
     * Watched, but launched only by {@link ApplicationSupervisor#start(String, java.util.Map)}: how the
     * cluster holds a clustered application (a watch configuration naming {@code cluster.hosts})
     * until this runtime is its primary or a standby. Once launched, its failures are recovered as
     * any other's.
     */
    public boolean held;
}
