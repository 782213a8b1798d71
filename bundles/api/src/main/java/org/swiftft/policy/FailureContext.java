package org.swiftft.policy;

import java.util.List;

/**
 * What a {@link RestartPolicy} is told about a failure: which application, how it failed, and the
 * times of its recent failures, so that a policy can count failures in a window without state.
 *
 * @param application   the watched application's name
 * @param verdict       how it failed: {@code CRASH} (exited on its own) or {@code HANG} (missed a heartbeat or a region deadline)
 * @param detail        the verdict's detail: exit code or signal, or which region was late and by how much
 * @param nowMillis     the wall-clock time of this failure, in milliseconds since the epoch
 * @param upMillis      how long the failed incarnation ran before it failed
 * @param failureTimes  the wall-clock times of this application's failures, oldest first, this one last
 *                      (bounded history: at least the last 64)
 * @param consecutive   failures since the application last ran longer than its stable period
 */
public record FailureContext(String application, String verdict, String detail, long nowMillis,
        long upMillis, List<Long> failureTimes, int consecutive) {

    public FailureContext {
        failureTimes = List.copyOf(failureTimes);
    }

    /** How many failures, this one included, happened in the last {@code windowMillis}. */
    public int failuresWithin(long windowMillis) {
        long since = nowMillis - windowMillis;
        return (int) failureTimes.stream().filter(t -> t > since).count();
    }
}
