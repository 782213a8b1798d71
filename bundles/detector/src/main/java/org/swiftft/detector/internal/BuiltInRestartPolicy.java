package org.swiftft.detector.internal;

import java.util.concurrent.ThreadLocalRandom;

import org.swiftft.policy.FailureContext;
import org.swiftft.policy.RestartDecision;

/**
 * What the detector does when the restart policy it was told to use is missing, throws or is late:
 * the shipped {@code restart.groovy}'s rule without escalation (a default must not reboot or move
 * anything): restart at once after a stable run, else back off 100 ms doubling to 30 s with jitter;
 * stop after 5 failures in 60 s.
 */
final class BuiltInRestartPolicy {

    static final long FIRST_BACKOFF_MS = 100;
    static final long MAX_DELAY_MS = 30_000;
    static final int THRESHOLD = 5;
    static final long WINDOW_MS = 60_000;

    private BuiltInRestartPolicy() {
    }

    static RestartDecision decide(FailureContext failure, String why) {
        if (failure.failuresWithin(WINDOW_MS) >= THRESHOLD) {
            return RestartDecision.stop(why + "; built-in default: " + THRESHOLD + " failures in 60 s, left stopped");
        }
        int inARow = Math.max(1, failure.consecutive());
        if (inARow == 1) {
            return RestartDecision.restartAfter(0, why + "; built-in default: restart at once");
        }
        long delay = Math.min(MAX_DELAY_MS, FIRST_BACKOFF_MS << Math.min(inARow - 2, 20));
        delay += (long) (delay * 0.2 * ThreadLocalRandom.current().nextDouble());
        return RestartDecision.restartAfter(delay, why + "; built-in default: restart in " + delay + " ms");
    }
}
