package org.swiftft.detector.internal;

import java.util.HashMap;
import java.util.Map;

import org.swiftft.detector.DetectorConstants;
import org.swiftft.detector.ProbeSpec;
import org.swiftft.detector.VerdictDTO;
import org.swiftft.heartbeat.MissedDeadline;

/** How each kind of failure is described: the verdict, and the properties of its event. */
final class Verdicts {

    private Verdicts() {
    }

    /** A child that exited on its own: its status, or the signal that killed it. */
    static VerdictDTO exited(WatchedApplication application, Process process) {
        VerdictDTO verdict = verdict(VerdictDTO.Kind.CRASH, application, process.pid());
        int exit = process.exitValue();
        verdict.signal = ProcessGroups.signalName(exit);
        verdict.exitCode = verdict.signal == null ? exit : -1;
        verdict.message = verdict.signal == null ? "exited with status " + exit : "killed by " + verdict.signal;
        return verdict;
    }

    /** A crash seen other than by a child's exit status (a daemon, a missing pid file). */
    static VerdictDTO crashed(WatchedApplication application, long pid, String message) {
        VerdictDTO verdict = verdict(VerdictDTO.Kind.CRASH, application, pid);
        verdict.message = message;
        return verdict;
    }

    static VerdictDTO late(WatchedApplication application, MissedDeadline missed) {
        VerdictDTO verdict = verdict(VerdictDTO.Kind.HANG, application, application.pid());
        verdict.lateness = VerdictDTO.Lateness.valueOf(missed.kind().name());
        verdict.region = missed.region();
        verdict.deadline = missed.deadline();
        verdict.latenessMillis = missed.latenessMillis();
        verdict.message = "missed its " + missed.kind().name().toLowerCase() + " deadline"
                + (missed.region() == null ? "" : " in region " + missed.region()) + " by " + missed.latenessMillis() + " ms";
        return verdict;
    }

    static VerdictDTO probeFailed(WatchedApplication application, ProbeSpec probe, String error) {
        VerdictDTO verdict = verdict(VerdictDTO.Kind.HANG, application, application.pid());
        verdict.lateness = VerdictDTO.Lateness.PROBE;
        verdict.region = probe.target;
        verdict.message = probe.failureThreshold + " failed probes in a row, the last: " + error;
        return verdict;
    }

    /** The properties of the CRASHED or HUNG event. */
    static Map<String, Object> event(VerdictDTO verdict) {
        Map<String, Object> properties = new HashMap<>();
        properties.put(DetectorConstants.EVENT_PID, verdict.pid);
        properties.put(DetectorConstants.EVENT_VERDICT, verdict.kind.name());
        properties.put(DetectorConstants.EVENT_MESSAGE, verdict.message);
        if (verdict.signal != null) {
            properties.put(DetectorConstants.EVENT_SIGNAL, verdict.signal);
        } else if (verdict.kind == VerdictDTO.Kind.CRASH && verdict.exitCode >= 0) {
            properties.put(DetectorConstants.EVENT_EXIT_CODE, verdict.exitCode);
        }
        if (verdict.lateness != null) {
            properties.put(DetectorConstants.EVENT_LATE, verdict.lateness.name());
            properties.put(DetectorConstants.EVENT_LATENESS, verdict.latenessMillis);
        }
        if (verdict.region != null) {
            properties.put(DetectorConstants.EVENT_REGION, verdict.region);
        }
        return properties;
    }

    private static VerdictDTO verdict(VerdictDTO.Kind kind, WatchedApplication application, long pid) {
        VerdictDTO verdict = new VerdictDTO();
        verdict.kind = kind;
        verdict.time = System.currentTimeMillis();
        verdict.pid = pid;
        verdict.upMillis = verdict.time - application.startedAt;
        return verdict;
    }
}
