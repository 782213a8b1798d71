package org.swiftft.cluster.internal;

import java.util.List;
import java.util.Map;
import org.swiftft.cluster.FailoverDTO;

/** What members say to each other over the group, besides JGroups' own traffic. See {@link ClusterCodec}. */
sealed interface ClusterMessage {

    /**
     * After every view change and configuration change: who it is, the view it sends from (it may
     * arrive before the receiver installed that view), its configuration hash, the placements it
     * knows, and in which role it runs each clustered application now.
     */
    record Info(String member, long viewId, String configurationHash, boolean leaving, List<Placement> placements,
            Map<String, String> running) implements ClusterMessage {
    }

    /** The coordinator asks every member to accept {@code placement} (not committed) and nothing older. */
    record Propose(long grant, Placement placement) implements ClusterMessage {
    }

    /**
     * A member's answer to a proposal. Accepted: persisted, and leases of older primaries of the
     * application are no longer acknowledged; {@code millisSinceLeaseAck} says how long ago it last
     * acknowledged one ({@code Long.MAX_VALUE} if never). Refused: it knows {@code knownEpoch}.
     */
    record Promise(long grant, String application, long epoch, boolean accepted, long knownEpoch,
            long millisSinceLeaseAck) implements ClusterMessage {
    }

    /** The coordinator: the placement holds; its primary starts or promotes the application. */
    record Commit(long grant, Placement placement) implements ClusterMessage {
    }

    /** A new primary tells the coordinator whether the application started. */
    record Started(String application, long epoch, boolean ok, String message) implements ClusterMessage {
    }

    /** A primary asks for its leases to be renewed: the applications and epochs it serves. */
    record LeaseRequest(long sequence, Map<String, Long> epochs) implements ClusterMessage {
    }

    /** A member renews the applications it still sees the requester as primary of. */
    record LeaseAck(long sequence, List<String> applications) implements ClusterMessage {
    }

    /** Any member asks the coordinator to move an application (planned, escalated, leaving). */
    record MoveRequest(long request, String requester, String application, String target, FailoverDTO.Trigger trigger,
            String reason) implements ClusterMessage {
    }

    /** The coordinator tells everyone how a fail-over went; {@code request} names a MoveRequest, or 0. */
    record FailoverReport(long request, String requester, String application, FailoverDTO.Trigger trigger, String from,
            String to, List<String> tried, long epoch, FailoverDTO.Outcome outcome, long startedAt,
            long durationMillis, String message) implements ClusterMessage {
    }
}
