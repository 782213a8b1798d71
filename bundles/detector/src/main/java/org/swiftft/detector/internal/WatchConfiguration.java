package org.swiftft.detector.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "SwiFT watched application",
        description = "One application the detector launches and supervises: etc/org.swiftft.watch-NAME.cfg")
@interface WatchConfiguration {

    @AttributeDefinition(name = "Name", description = "Empty: the NAME of the file org.swiftft.watch-NAME.cfg.")
    String name() default "";

    @AttributeDefinition(name = "Command line",
            description = "The executable and its arguments on one line, split at spaces; quote an argument that"
                    + " holds spaces with '...' or \"...\". Nothing is expanded. Used when command is empty.")
    String command_line() default "";

    @AttributeDefinition(name = "Command", description = "The executable: a path, or a name on the PATH (with args, for typed .config files).")
    String command() default "";

    @AttributeDefinition(name = "Arguments", description = "Arguments after command, as a list (typed .config files).")
    String[] args() default {};

    @AttributeDefinition(name = "Working directory", description = "Empty: the runtime's data/ folder.")
    String working_directory() default "";

    @AttributeDefinition(name = "Environment",
            description = "Extra variables: KEY=VALUE words on one line (quoted like command.line), or a list of them.")
    String[] environment() default {};

    @AttributeDefinition(name = "User", description = "Run as this user (name or uid); the runtime must be root. Empty: the runtime's user.")
    String user() default "";

    @AttributeDefinition(name = "Group", description = "Run with this group (name or gid). Empty: the user's primary group.")
    String group() default "";

    @AttributeDefinition(name = "Resource limits",
            description = "prlimit names and values as NAME=VALUE words: limits = nofile=1024 core=0; -1 is unlimited.")
    String[] limits() default {};

    @AttributeDefinition(name = "Heartbeat timeout (ms)", description = "No heartbeat for this long is a hang; 0 for none.")
    long heartbeat_timeout_ms() default 0;

    @AttributeDefinition(name = "Start timeout (ms)", description = "With a heartbeat timeout: READY or a first heartbeat within this.")
    long start_timeout_ms() default 30_000;

    @AttributeDefinition(name = "Restart policy", description = "policy.name of the restart policy (scripts/NAME.groovy).")
    String policy() default "restart";

    @AttributeDefinition(name = "Stop grace (ms)", description = "Between SIGTERM and SIGKILL.")
    long stop_grace_ms() default 10_000;

    @AttributeDefinition(name = "Stable period (ms)", description = "A run this long resets the failures-in-a-row count.")
    long stable_period_ms() default 60_000;

    @AttributeDefinition(name = "Pid file",
            description = "For a daemon that forks: the file it writes its pid to; its launcher's exit 0 is then its start. Empty: foreground.")
    String pid_file() default "";

    @AttributeDefinition(name = "Maintenance", description = "Start in maintenance: failures are recorded, not recovered.")
    boolean maintenance() default false;

    @AttributeDefinition(name = "Depends on", description = "Applications that must be RUNNING before this one is launched (names, space-separated).")
    String[] depends_on() default {};

    @AttributeDefinition(name = "Probe type", description = "For an application that cannot heartbeat: tcp, http or command; empty for none.")
    String probe_type() default "";

    @AttributeDefinition(name = "Probe target", description = "tcp: host:port; http: a URL; command: a /bin/sh command line.")
    String probe_target() default "";

    @AttributeDefinition(name = "Probe interval (ms)")
    long probe_interval_ms() default 5_000;

    @AttributeDefinition(name = "Probe timeout (ms)")
    long probe_timeout_ms() default 2_000;

    @AttributeDefinition(name = "Probe failure threshold", description = "Failed probes in a row that make a hang verdict.")
    int probe_failure_threshold() default 3;

    @AttributeDefinition(name = "Probe start grace (ms)", description = "Failures this soon after launch do not count.")
    long probe_start_grace_ms() default 10_000;

    @AttributeDefinition(name = "HTTP probe: expected status")
    int probe_expect_status() default 200;

    @AttributeDefinition(name = "HTTP probe: expected body", description = "A substring the body must contain; empty for any.")
    String probe_expect_body() default "";
}
