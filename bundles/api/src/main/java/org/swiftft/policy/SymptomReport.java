package org.swiftft.policy;

import java.util.List;

/**
 * What a {@link RejuvenationPolicy} is told: one symptom of one application (for example its
 * resident memory), recent samples, and the trend the rejuvenation bundle fitted to them.
 *
 * @param application          the watched application's name
 * @param symptom              the symptom's name, such as {@code memory.rss} or {@code fd.count}
 * @param samples              recent samples, oldest first
 * @param limit                the value at which the application is expected to fail, or {@code NaN} if none
 * @param millisToLimit        predicted time until the limit is reached, or -1 if the trend never reaches it
 * @param millisSinceStart     how long the application has been running
 */
public record SymptomReport(String application, String symptom, List<Sample> samples, double limit,
        long millisToLimit, long millisSinceStart) {

    public SymptomReport {
        samples = List.copyOf(samples);
    }

    /** One measurement of a symptom. */
    public record Sample(long timeMillis, double value) {
    }
}
