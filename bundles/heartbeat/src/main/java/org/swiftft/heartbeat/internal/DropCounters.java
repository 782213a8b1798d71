package org.swiftft.heartbeat.internal;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

import org.swiftft.heartbeat.DropReason;

/** Messages accepted and dropped per reason: written by the receiving threads, read by the shell. */
final class DropCounters {

    private final LongAdder accepted = new LongAdder();
    private final Map<DropReason, LongAdder> dropped = new EnumMap<>(DropReason.class);
    private final long since = System.currentTimeMillis();

    DropCounters() {
        for (DropReason reason : DropReason.values()) {
            dropped.put(reason, new LongAdder());
        }
    }

    void countAccepted() {
        accepted.increment();
    }

    /** @return {@code false}, so that a verb method can drop and answer in one statement */
    boolean dropped(DropReason reason) {
        dropped.get(reason).increment();
        return false;
    }

    long acceptedCount() {
        return accepted.sum();
    }

    /** Reasons with at least one drop. */
    Map<DropReason, Long> dropped() {
        Map<DropReason, Long> counts = new EnumMap<>(DropReason.class);
        dropped.forEach((reason, count) -> {
            if (count.sum() > 0) {
                counts.put(reason, count.sum());
            }
        });
        return counts;
    }

    long since() {
        return since;
    }
}
