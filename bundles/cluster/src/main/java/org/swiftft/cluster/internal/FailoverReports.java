package org.swiftft.cluster.internal;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.service.log.Logger;
import org.swiftft.cluster.ClusterConstants;
import org.swiftft.cluster.FailoverDTO;
import org.swiftft.cluster.FailoverException;

/**
 * What every member keeps of the coordinator's fail-over reports: a bounded history per
 * application, an event for each, and the answer to a move this member asked for.
 */
final class FailoverReports {

    private static final int HISTORY = 32;

    private final String self;
    private final LocalRuntime runtime;
    private final Logger logger;
    private final Map<String, Deque<FailoverDTO>> history = new ConcurrentHashMap<>();
    private final Map<Long, CompletableFuture<FailoverDTO>> moves = new ConcurrentHashMap<>();

    FailoverReports(String self, LocalRuntime runtime, Logger logger) {
        this.self = self;
        this.runtime = runtime;
        this.logger = logger;
    }

    /** A move this member asks for: completed by its report. */
    CompletableFuture<FailoverDTO> awaiting(long request) {
        CompletableFuture<FailoverDTO> result = new CompletableFuture<>();
        moves.put(request, result);
        return result;
    }

    void forget(long request) {
        moves.remove(request);
    }

    List<FailoverDTO> history(String application) {
        Deque<FailoverDTO> kept = history.getOrDefault(application, new ArrayDeque<>());
        synchronized (kept) {
            return List.copyOf(kept);
        }
    }

    /** A report from the coordinator: kept, posted as an event, and handed to the member that asked, if it is this one. */
    void reported(ClusterMessage.FailoverReport report) {
        FailoverDTO dto = new FailoverDTO();
        dto.application = report.application();
        dto.trigger = report.trigger();
        dto.from = report.from();
        dto.to = report.to();
        dto.tried = List.copyOf(report.tried());
        dto.epoch = report.epoch();
        dto.outcome = report.outcome();
        dto.startedAt = report.startedAt();
        dto.durationMillis = report.durationMillis();
        dto.message = report.message();
        Deque<FailoverDTO> kept = history.computeIfAbsent(report.application(), name -> new ArrayDeque<>());
        synchronized (kept) {
            kept.addLast(dto);
            while (kept.size() > HISTORY) {
                kept.removeFirst();
            }
        }
        boolean succeeded = report.outcome() == FailoverDTO.Outcome.SUCCEEDED;
        Map<String, Object> event = new HashMap<>();
        event.put(ClusterConstants.EVENT_APPLICATION, report.application());
        event.put(ClusterConstants.EVENT_EPOCH, report.epoch());
        event.put(ClusterConstants.EVENT_TRIGGER, report.trigger().name());
        event.put(ClusterConstants.EVENT_DURATION, report.durationMillis());
        event.put(ClusterConstants.EVENT_MESSAGE, report.message());
        if (report.from() != null) {
            event.put(ClusterConstants.EVENT_FROM, report.from());
        }
        if (report.to() != null) {
            event.put(ClusterConstants.EVENT_TO, report.to());
        }
        runtime.post(succeeded ? ClusterConstants.TOPIC_FAILOVER : ClusterConstants.TOPIC_FAILOVER_FAILED, event);
        if (self.equals(report.requester())) {
            CompletableFuture<FailoverDTO> waiting = moves.remove(report.request());
            if (waiting != null) {
                if (succeeded) {
                    waiting.complete(dto);
                } else {
                    waiting.completeExceptionally(failure(report));
                }
            }
        }
        if (succeeded || !report.message().startsWith("IN_PROGRESS")) {
            logger.info("cluster: {} {}: {} -> {} under epoch {} in {} ms ({})", report.application(),
                    succeeded ? "moved" : "NOT moved", String.valueOf(report.from()), String.valueOf(report.to()),
                    report.epoch(), report.durationMillis(), report.message());
        }
    }

    private static FailoverException failure(ClusterMessage.FailoverReport report) {
        FailoverException.Reason reason = FailoverException.Reason.ALL_FAILED;
        for (FailoverException.Reason candidate : FailoverException.Reason.values()) {
            if (report.message().startsWith(candidate.name() + ":")) {
                reason = candidate;
            }
        }
        return new FailoverException(report.application(), reason, report.application() + " not moved: " + report.message());
    }

}
