package org.swiftft.shell.internal;

import java.time.Duration;

/** Durations as the tables show them: {@code 3m12s}, {@code 1h2m}. */
final class Durations {

    private Durations() {
    }

    static String of(long millis) {
        return Duration.ofMillis(millis).withNanos(0).toString().substring(2).toLowerCase();
    }
}
