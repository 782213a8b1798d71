package org.swiftft.detector.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

import org.swiftft.detector.WatchSpec;

/** What a watch spec must satisfy before anything is launched; each refusal names what is wrong. */
final class WatchSpecs {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private WatchSpecs() {
    }

    static void validate(WatchSpec spec) {
        if (spec.name == null || !NAME.matcher(spec.name).matches()) {
            throw new IllegalArgumentException("application name '" + spec.name
                    + "' must be 1-64 letters, digits, '.', '-' or '_'");
        }
        ProcessGroups.checkExecutable(spec.command);
        for (long timeout : new long[] {spec.heartbeatTimeoutMillis, spec.startTimeoutMillis, spec.stopGraceMillis,
            spec.stablePeriodMillis}) {
            if (timeout < 0 || timeout > Supervisor.MAX_TIMEOUT_MILLIS) {
                throw new IllegalArgumentException(spec.name + ": timeouts must be between 0 and " + Supervisor.MAX_TIMEOUT_MILLIS
                        + " ms (7 days); got " + timeout);
            }
        }
        if (spec.dependsOn.contains(spec.name)) {
            throw new IllegalArgumentException(spec.name + " cannot depend on itself");
        }
        if (spec.workingDirectory != null && !Files.isDirectory(Path.of(spec.workingDirectory))) {
            throw new IllegalArgumentException(spec.name + ": working directory " + spec.workingDirectory
                    + " does not exist");
        }
        spec.limits.forEach((limit, value) -> {
            if (!limit.matches("[a-z]+") || value == null || value < -1) {
                throw new IllegalArgumentException(spec.name + ": limit " + limit + "=" + value
                        + " is not a prlimit name (nofile, core, as, nproc, ...) with a value >= 0, or -1 for unlimited");
            }
        });
        for (org.swiftft.detector.ProbeSpec probe : spec.probes) {
            if (probe.type == null || probe.target == null || probe.target.isBlank()) {
                throw new IllegalArgumentException(spec.name + ": a probe needs a type and a target");
            }
            if (probe.intervalMillis <= 0 || probe.timeoutMillis <= 0 || probe.failureThreshold < 1) {
                throw new IllegalArgumentException(spec.name + ": probe interval and timeout must be positive and its"
                        + " failure threshold at least 1");
            }
        }
    }

}
