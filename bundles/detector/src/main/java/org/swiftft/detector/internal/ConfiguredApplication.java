package org.swiftft.detector.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.Designate;
import org.swiftft.detector.ApplicationSupervisor;
import org.swiftft.detector.DetectorConstants;
import org.swiftft.detector.ProbeSpec;
import org.swiftft.detector.WatchSpec;

/**
 * One {@code etc/org.swiftft.watch-NAME.cfg}: the application is watched while the file exists; a
 * changed file restarts it with the new settings, a deleted one stops and forgets it.
 */
@Component(service = {}, configurationPid = DetectorConstants.WATCH_FACTORY_PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = WatchConfiguration.class, factory = true)
public class ConfiguredApplication {

    @Reference(service = LoggerFactory.class)
    private Logger logger;

    @Reference
    private ApplicationSupervisor supervisor;

    private volatile String name;

    @Activate
    void activate(WatchConfiguration config, Map<String, Object> properties) {
        try {
            WatchSpec spec = spec(config, properties);
            name = spec.name;
            if (supervisor instanceof DetectorComponent detector) {
                detector.watchConfigured(this, spec);
            } else {
                supervisor.watch(spec);
            }
        } catch (RuntimeException e) {
            // Declarative Services converts a value when it is read: "abc" for a number fails here too.
            name = null;
            logger.error("{}: not watched: {}{}", source(properties), describe(e), e instanceof Supervisor.NameTakenException
                    ? " (this file is watched once the other application of that name is unwatched)" : "");
        }
    }

    /**
     * Stops and forgets the application. For an edited file, waits for the stop, so that the new
     * version can take the name; when the whole runtime stops it does not, so that the supervisor stops
     * every application at once rather than one after another.
     */
    /** It waited for its name, and has it now. */
    void watching(String name) {
        this.name = name;
    }

    @Deactivate
    void deactivate(BundleContext context) throws Exception {
        if (supervisor instanceof DetectorComponent detector) {
            detector.configurationGone(this);
        }
        if (name == null) {
            return;
        }
        CompletableFuture<Boolean> unwatched = supervisor.unwatch(name).toCompletableFuture();
        if (context.getBundle(0).getState() != Bundle.STOPPING) {
            unwatched.get(Supervisor.MAX_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    static WatchSpec spec(WatchConfiguration config, Map<String, Object> properties) {
        WatchSpec spec = new WatchSpec();
        spec.name = config.name().isBlank() ? nameFrom(properties) : config.name();
        if (!config.command().isBlank()) {
            spec.command = config.command();
            spec.args = List.of(config.args());
        } else {
            List<String> words = CommandLine.split(config.command_line());
            if (words.isEmpty()) {
                throw new IllegalArgumentException("no command: set command.line (or command and args)");
            }
            spec.command = words.get(0);
            spec.args = words.subList(1, words.size());
        }
        spec.workingDirectory = config.working_directory().isBlank() ? null : config.working_directory();
        Map<String, String> environment = new HashMap<>();
        for (String[] entry : keyValues(config.environment(), "environment", "KEY=VALUE")) {
            environment.put(entry[0], entry[1]);
        }
        spec.environment = environment;
        spec.user = config.user().isBlank() ? null : config.user();
        spec.group = config.group().isBlank() ? null : config.group();
        Map<String, Long> limits = new HashMap<>();
        for (String[] entry : keyValues(config.limits(), "limits", "NAME=NUMBER (nofile=1024)")) {
            try {
                limits.put(entry[0], Long.parseLong(entry[1]));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("limits entry '" + entry[0] + "=" + entry[1] + "' is not NAME=NUMBER");
            }
        }
        spec.limits = limits;
        spec.heartbeatTimeoutMillis = config.heartbeat_timeout_ms();
        spec.startTimeoutMillis = config.start_timeout_ms();
        spec.policy = config.policy();
        spec.stopGraceMillis = config.stop_grace_ms();
        spec.stablePeriodMillis = config.stable_period_ms();
        spec.maintenance = config.maintenance();
        spec.pidFile = config.pid_file().isBlank() ? null : config.pid_file();
        // The cluster reads its own keys (cluster.*, replication.policy) from the same file.
        spec.held = !String.valueOf(properties.getOrDefault("cluster.hosts", "")).isBlank();
        spec.dependsOn = words(config.depends_on());
        if (!config.probe_type().isBlank()) {
            ProbeSpec probe = new ProbeSpec();
            try {
                probe.type = ProbeSpec.Type.valueOf(config.probe_type().strip().toUpperCase());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("probe.type '" + config.probe_type() + "' is not tcp, http or command");
            }
            probe.target = config.probe_target();
            probe.intervalMillis = config.probe_interval_ms();
            probe.timeoutMillis = config.probe_timeout_ms();
            probe.failureThreshold = config.probe_failure_threshold();
            probe.startGraceMillis = config.probe_start_grace_ms();
            probe.expectStatus = config.probe_expect_status();
            probe.expectBody = config.probe_expect_body().isEmpty() ? null : config.probe_expect_body();
            spec.probes = List.of(probe);
        }
        return spec;
    }

    /**
     * KEY=VALUE words: a .cfg file gives them on one line (quoted like command.line), a typed .config
     * file may give a list of such lines.
     */
    private static List<String[]> keyValues(String[] lines, String key, String shape) {
        List<String[]> entries = new java.util.ArrayList<>();
        for (String word : words(lines)) {
            int equals = word.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException(key + " entry '" + word + "' is not " + shape);
            }
            entries.add(new String[] {word.substring(0, equals), word.substring(equals + 1)});
        }
        return entries;
    }

    /** The words of one line, or of each line of a list, split like command.line. */
    private static List<String> words(String[] lines) {
        List<String> words = new java.util.ArrayList<>();
        for (String line : lines) {
            words.addAll(CommandLine.split(line));
        }
        return words;
    }

    /** FileInstall names a factory configuration after the file: org.swiftft.watch-NAME.cfg gives pid ...~NAME. */
    private static String nameFrom(Map<String, Object> properties) {
        Object pid = properties.get("service.pid");
        String text = pid == null ? "" : pid.toString();
        int tilde = text.lastIndexOf('~');
        return tilde >= 0 ? text.substring(tilde + 1) : text;
    }

    private static String describe(RuntimeException e) {
        Throwable cause = e;
        while (cause.getCause() != null && !(cause instanceof NumberFormatException)) {
            cause = cause.getCause();
        }
        return cause instanceof NumberFormatException ? "a number is expected, found " + cause.getMessage()
                .replace("For input string: ", "") + " (check the *.ms, *.threshold and *.status values)" : e.getMessage();
    }

    private static String source(Map<String, Object> properties) {
        Object file = properties.get("felix.fileinstall.filename");
        return file != null ? file.toString() : String.valueOf(properties.get("service.pid"));
    }
}
