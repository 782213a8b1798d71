package org.swiftft.cluster.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Leases: a primary serves an application only while a quorum of members has recently confirmed
 * that it is still the primary of its epoch. The primary asks every heartbeat interval; a member
 * confirms only the primary and epoch it has accepted, and stops as soon as it promises a newer
 * epoch. A lease runs from the moment the primary <em>sent</em> the request, on its own monotonic
 * clock, so a runtime frozen by SIGSTOP finds its lease expired the moment it runs again, whatever
 * answers were waiting in its socket buffers.
 *
 * <p>The other side of the bargain is in {@link #millisSinceAck}: a new primary is committed only
 * after every lease a promising member confirmed has run out (see {@link GrantRound}).
 *
 * <p>Not thread-safe: used on the membership's thread only.
 */
final class LeaseKeeper {

    /** Requests remembered for their answers; older answers are ignored. */
    private static final int REMEMBERED = 64;

    private final String self;
    private final long leaseNanos;
    private final Predicate<Set<String>> quorum;
    private final Map<Long, Long> sentAt = new LinkedHashMap<>();
    private final Map<Long, Map<String, Long>> requested = new HashMap<>();
    private final Map<Long, Map<String, Set<String>>> confirmations = new HashMap<>();
    private final Map<String, Long> heldUntil = new ConcurrentHashMap<>();
    private final Map<String, Long> lastAck = new HashMap<>();
    private long sequence;

    LeaseKeeper(String self, long leaseMillis, Predicate<Set<String>> quorum) {
        this.self = self;
        this.leaseNanos = leaseMillis * 1_000_000;
        this.quorum = quorum;
    }

    /** The primary side: a request for the applications it serves, by epoch. */
    ClusterMessage.LeaseRequest request(Map<String, Long> serving, long now) {
        long next = ++sequence;
        sentAt.put(next, now);
        requested.put(next, Map.copyOf(serving));
        confirmations.put(next, new HashMap<>());
        while (sentAt.size() > REMEMBERED) {
            long oldest = sentAt.keySet().iterator().next();
            sentAt.remove(oldest);
            requested.remove(oldest);
            confirmations.remove(oldest);
        }
        serving.keySet().forEach(application -> confirmed(next, application, self));
        return new ClusterMessage.LeaseRequest(next, Map.copyOf(serving));
    }

    /** The primary side: a member's answer. */
    void acknowledged(String member, ClusterMessage.LeaseAck ack) {
        if (!sentAt.containsKey(ack.sequence())) {
            return;
        }
        ack.applications().forEach(application -> {
            if (requested.get(ack.sequence()).containsKey(application)) {
                confirmed(ack.sequence(), application, member);
            }
        });
    }

    private void confirmed(long request, String application, String member) {
        Set<String> members = confirmations.get(request).computeIfAbsent(application, a -> new HashSet<>());
        members.add(member);
        if (quorum.test(members)) {
            heldUntil.merge(application, sentAt.get(request) + leaseNanos, Math::max);
        }
    }

    /** Whether this member may serve {@code application} now. Thread-safe: the forwarder asks. */
    boolean holds(String application, long now) {
        Long until = heldUntil.get(application);
        return until != null && now - until < 0;
    }

    /** Forgets a lease at once: this member learnt it is no longer primary, or fenced itself. */
    void revoke(String application) {
        heldUntil.remove(application);
    }

    /**
     * The member side: which of the requested applications this member confirms, given the
     * placements it has accepted.
     */
    ClusterMessage.LeaseAck answer(String requester, ClusterMessage.LeaseRequest request,
            java.util.function.Function<String, Placement> accepted, long now) {
        List<String> confirmed = new ArrayList<>();
        request.epochs().forEach((application, epoch) -> {
            Placement placement = accepted.apply(application);
            if (placement.committed() && placement.epoch() == epoch && requester.equals(placement.primary())) {
                confirmed.add(application);
                lastAck.put(application, now);
            }
        });
        return new ClusterMessage.LeaseAck(request.sequence(), confirmed);
    }

    /** How long ago this member last confirmed a lease of the application, or {@code Long.MAX_VALUE}. */
    long millisSinceAck(String application, long now) {
        Long at = lastAck.get(application);
        return at == null ? Long.MAX_VALUE : (now - at) / 1_000_000;
    }

    long leaseMillis() {
        return leaseNanos / 1_000_000;
    }
}
