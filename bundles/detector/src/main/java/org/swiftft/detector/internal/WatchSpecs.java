package org.swiftft.detector.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

import org.swiftft.detector.WatchSpec;

/** What a watch spec must satisfy before anything is launched; each refusal names what is wrong. */
final class WatchSpecs {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    /** prlimit's resource names. */
    static final java.util.List<String> LIMITS = java.util.List.of("as", "core", "cpu", "data", "fsize", "locks",
            "memlock", "msgqueue", "nice", "nofile", "nproc", "rss", "rtprio", "rttime", "sigpending", "stack");

    static final long MAX_PROBE_TIMEOUT_MILLIS = 3_600_000;

    private WatchSpecs() {
    }

    private static void timeout(WatchSpec spec, String key, long value) {
        if (value < 0 || value > Supervisor.MAX_TIMEOUT_MILLIS) {
            throw new IllegalArgumentException(spec.name + ": " + key + " must be between 0 and "
                    + Supervisor.MAX_TIMEOUT_MILLIS + " ms (7 days); got " + value);
        }
    }

    /** A dependency cycle would leave every application in it WAITING for ever: refused, with the cycle. */
    static void checkNoCycle(WatchSpec spec, java.util.Map<String, java.util.List<String>> dependencies) {
        java.util.Map<String, java.util.List<String>> all = new java.util.HashMap<>(dependencies);
        all.put(spec.name, spec.dependsOn);
        java.util.Deque<String> path = new java.util.ArrayDeque<>();
        if (cycleFrom(spec.name, spec.name, all, path, new java.util.HashSet<>())) {
            throw new IllegalArgumentException(spec.name + ": depends.on makes a cycle: " + spec.name + " -> "
                    + String.join(" -> ", path));
        }
    }

    private static boolean cycleFrom(String start, String at, java.util.Map<String, java.util.List<String>> all,
            java.util.Deque<String> path, java.util.Set<String> seen) {
        for (String next : all.getOrDefault(at, java.util.List.of())) {
            path.addLast(next);
            if (next.equals(start) || (seen.add(next) && cycleFrom(start, next, all, path, seen))) {
                return true;
            }
            path.removeLast();
        }
        return false;
    }

    static void validate(WatchSpec spec) {
        validate(spec, false);
    }

    /** @param running the process runs already (it registered itself): it may come without a command, and then cannot be restarted */
    static void validate(WatchSpec spec, boolean running) {
        if (spec.name == null || !NAME.matcher(spec.name).matches()) {
            throw new IllegalArgumentException("application name '" + spec.name
                    + "' must be 1-64 letters, digits, '.', '-' or '_'");
        }
        if (spec.command != null || !running) {
            ProcessGroups.checkExecutable(spec.command);
        }
        timeout(spec, "heartbeat.timeout.ms", spec.heartbeatTimeoutMillis);
        timeout(spec, "start.timeout.ms", spec.startTimeoutMillis);
        timeout(spec, "stop.grace.ms", spec.stopGraceMillis);
        timeout(spec, "stable.period.ms", spec.stablePeriodMillis);
        if (spec.dependsOn.contains(spec.name)) {
            throw new IllegalArgumentException(spec.name + " cannot depend on itself");
        }
        if (spec.workingDirectory != null && !Files.isDirectory(Path.of(spec.workingDirectory))) {
            throw new IllegalArgumentException(spec.name + ": working directory " + spec.workingDirectory
                    + " does not exist");
        }
        spec.limits.forEach((limit, value) -> {
            if (!LIMITS.contains(limit) || value == null || value < -1) {
                throw new IllegalArgumentException(spec.name + ": limit " + limit + "=" + value + " is not one of "
                        + String.join(", ", LIMITS) + " with a value >= 0, or -1 for unlimited");
            }
        });
        for (org.swiftft.detector.ProbeSpec probe : spec.probes) {
            if (probe.type == null || probe.target == null || probe.target.isBlank()) {
                throw new IllegalArgumentException(spec.name + ": a probe needs a type and a target");
            }
            if (probe.intervalMillis <= 0 || probe.timeoutMillis <= 0 || probe.timeoutMillis > MAX_PROBE_TIMEOUT_MILLIS
                    || probe.intervalMillis > Supervisor.MAX_TIMEOUT_MILLIS || probe.failureThreshold < 1) {
                throw new IllegalArgumentException(spec.name + ": probe.interval.ms and probe.timeout.ms must be positive"
                        + " (the timeout at most " + MAX_PROBE_TIMEOUT_MILLIS + " ms) and probe.failure.threshold at least 1");
            }
        }
    }

}
