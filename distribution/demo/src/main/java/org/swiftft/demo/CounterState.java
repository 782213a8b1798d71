package org.swiftft.demo;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The counters in memory: key to total, and the sequence number of the last change applied. Changes
 * are applied by one writer at a time (the store's lock, or recovery); reads may come from any thread
 * at any time and see each total as of some applied change, never a half-applied one.
 */
final class CounterState {

    private final Map<String, Long> totals = new ConcurrentHashMap<>();
    private volatile long seq;

    CounterState(long seq, Map<String, Long> totals) {
        this.seq = seq;
        this.totals.putAll(totals);
    }

    static CounterState empty() {
        return new CounterState(0, Map.of());
    }

    long seq() {
        return seq;
    }

    long total(String key) {
        return totals.getOrDefault(key, 0L);
    }

    /** A copy sorted by key, for a snapshot that reads the same on every run. */
    Map<String, Long> totals() {
        return new TreeMap<>(totals);
    }

    /**
     * The total {@code key} would have after adding {@code delta}.
     *
     * @throws ArithmeticException when that overflows a long: such a change is refused before it is logged
     */
    long totalAfter(String key, long delta) {
        return Math.addExact(total(key), delta);
    }

    /**
     * Applies change {@code seq}, which must be the next one: a gap or a repeat means the files lost or
     * duplicated a change, and going on would serve wrong totals.
     *
     * @throws IllegalStateException naming both numbers when {@code seq} is not the next one
     */
    long apply(long seq, String key, long delta) {
        if (seq != this.seq + 1) {
            throw new IllegalStateException("change " + seq + " cannot follow change " + this.seq);
        }
        long total = totalAfter(key, delta);
        totals.put(key, total);
        this.seq = seq;
        return total;
    }
}
