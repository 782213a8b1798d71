package org.swiftft.cluster.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.swiftft.cluster.FailoverDTO;

/**
 * One attempt of the coordinator to give an application a new primary: propose the placement,
 * gather promises from a quorum, wait out the old primary's lease, commit, and wait for the new
 * primary to say it started. A failed start makes a new round for the next candidate, with the
 * same trigger and start time, so that the fail-over's duration counts every attempt.
 */
final class GrantRound {

    enum Phase {
        PROPOSING, WAITING_FOR_LEASE, STARTING
    }

    final long grant;
    final Placement placement;
    final FailoverDTO.Trigger trigger;
    /** The primary before the fail-over, or {@code null}. */
    final String from;
    /**
     * The primary of the placement this round replaces: {@link #from}, or the member an earlier round
     * of the same fail-over committed to and which could not start it.
     */
    final String superseded;
    final List<String> tried;
    final long startedAt;
    final long request;
    final String requester;
    final String reason;
    final Map<String, ClusterMessage.Promise> promises = new HashMap<>();
    Phase phase = Phase.PROPOSING;
    /** When the current phase gives up ({@code System.nanoTime()}). */
    long deadline;

    GrantRound(long grant, Placement placement, String superseded, FailoverDTO.Trigger trigger, String from,
            List<String> tried, long startedAt, long request, String requester, String reason) {
        this.grant = grant;
        this.placement = placement;
        this.superseded = superseded;
        this.trigger = trigger;
        this.from = from;
        this.tried = new ArrayList<>(tried);
        this.startedAt = startedAt;
        this.request = request;
        this.requester = requester;
        this.reason = reason;
    }

    String application() {
        return placement.application();
    }

    String target() {
        return placement.primary();
    }

    /** The shortest time since one of the promising members confirmed a lease of the application. */
    long millisSinceNewestLeaseAck() {
        return promises.values().stream().filter(ClusterMessage.Promise::accepted)
                .mapToLong(ClusterMessage.Promise::millisSinceLeaseAck).min().orElse(Long.MAX_VALUE);
    }

    List<String> promisers() {
        return promises.entrySet().stream().filter(entry -> entry.getValue().accepted()).map(Map.Entry::getKey).toList();
    }
}
