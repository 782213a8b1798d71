package org.swiftft.cluster.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.osgi.service.log.Logger;
import org.swiftft.cluster.FailoverDTO;
import org.swiftft.cluster.FailoverDTO.Outcome;
import org.swiftft.cluster.FailoverDTO.Trigger;
import org.swiftft.policy.ApplicationPlacement;
import org.swiftft.policy.HostCandidate;
import org.swiftft.policy.ReplicationPlan;
import org.swiftft.policy.ReplicationScheme;

/**
 * The coordinator's part: decides when an application needs a new primary (its primary left the
 * view, fenced itself, could not start it, or someone asked), asks the policies where and how, and
 * runs the {@link GrantRound}. Only the coordinator of a view holding the quorum decides; a round
 * in progress when that stops being true is dropped, and the next coordinator starts again (with a
 * greater epoch: promises refuse the old one).
 *
 * <p>Not thread-safe: used on the membership's thread only.
 */
final class FailoverDecider {

    /** What the decider needs from the member it runs on. */
    interface Member {
        String self();

        GroupSnapshot snapshot();

        /** The best placement of the application this member knows of, from its own and the others' information. */
        Placement known(String application);

        /** What each member (this one included) runs per application, as it last said. */
        Map<String, Map<String, String>> running();

        /** Sends to every member, this one included (its own copy is handled at once). */
        void broadcast(ClusterMessage message);

        /** After {@code delayMillis}, on the membership's thread. */
        void later(long delayMillis, Runnable task);

        LocalRuntime runtime();

        long leaseMillis();
    }

    private static final long PROMISE_TIMEOUT_MILLIS = 3_000;
    /**
     * After a view change, nothing is decided until every member has said what it knows (or this
     * long): a member back from a partition knows only its old placements.
     */
    private static final long INFORMATION_WAIT_MILLIS = 2_000;
    /** An old primary still in the view promises only once it has stopped the application (SIGTERM, grace, SIGKILL). */
    private static final long OLD_PRIMARY_STOP_MILLIS = 12_000;

    /**
     * A member that could not start an application, or from which it escalated, is not chosen for it
     * again for this long: an application that fails everywhere stops (DOWN) instead of bouncing
     * between members, each move a new epoch and a resync.
     */
    static final long FAILURE_MEMORY_MILLIS = 60_000;

    private final Member member;
    private final Logger logger;
    private final Map<String, GrantRound> rounds = new HashMap<>();
    private final Map<String, Map<String, Long>> recentFailures = new HashMap<>();
    /** Applications left DOWN (no member could take them), until {@code System.currentTimeMillis()} then. */
    private final Map<String, Long> downUntil = new HashMap<>();

    FailoverDecider(Member member, Logger logger) {
        this.member = member;
        this.logger = logger;
    }

    /** Looks at every application; called on view changes, information from members, and every tick. */
    void decide(Map<String, ClusteredApplication> applications) {
        GroupSnapshot snapshot = member.snapshot();
        if (!member.self().equals(snapshot.coordinator()) || !snapshot.quorum()) {
            if (!rounds.isEmpty()) {
                logger.info("cluster: no longer the coordinator of a quorum; dropping fail-overs in progress of {}",
                        rounds.keySet());
                rounds.clear();
            }
            return;
        }
        long now = System.nanoTime();
        for (ClusteredApplication application : applications.values()) {
            GrantRound round = rounds.get(application.name());
            if (round != null) {
                if (now - round.deadline > 0) {
                    timedOut(application, round);
                }
                continue;
            }
            boolean informed = snapshot.informed().containsAll(snapshot.members())
                    || System.currentTimeMillis() - snapshot.viewSince() > INFORMATION_WAIT_MILLIS;
            if (!informed || downUntil.getOrDefault(application.name(), 0L) > System.currentTimeMillis()) {
                continue; // what the members know after a view change (a merge) first; a DOWN one waits
            }
            needsPrimary(application, snapshot).ifPresent(why -> begin(application, why.trigger, why.from, List.of(),
                    why.startedAt, 0, null, why.reason, null));
        }
    }

    private record Need(Trigger trigger, String from, long startedAt, String reason) {
    }

    private Optional<Need> needsPrimary(ClusteredApplication application, GroupSnapshot snapshot) {
        Placement known = member.known(application.name());
        if (known.epoch() == 0) {
            return Optional.of(new Need(Trigger.PLANNED, null, System.currentTimeMillis(), "first placement"));
        }
        if (!snapshot.members().contains(known.primary())) {
            return Optional.of(new Need(Trigger.HOST_LOST, known.primary(), snapshot.viewSince(),
                    known.primary() + " left the view"));
        }
        if (!known.committed()) {
            return Optional.of(new Need(Trigger.HOST_LOST, known.primary(), System.currentTimeMillis(),
                    "a fail-over to " + known.primary() + " was left unfinished by the previous coordinator"));
        }
        String running = member.running().getOrDefault(known.primary(), Map.of()).get(application.name());
        if (running != null && running.startsWith("fenced " + known.epoch())) {
            return Optional.of(new Need(Trigger.HOST_LOST, known.primary(), System.currentTimeMillis(),
                    known.primary() + " fenced itself"));
        }
        if (running != null && running.startsWith("failed " + known.epoch())) {
            return Optional.of(new Need(Trigger.ESCALATED, known.primary(), System.currentTimeMillis(),
                    known.primary() + " could not start it"));
        }
        return Optional.empty();
    }

    /** A move asked for by a member (planned, escalated, leaving). */
    void move(ClusteredApplication application, ClusterMessage.MoveRequest request) {
        GroupSnapshot snapshot = member.snapshot();
        String refusal = null;
        Placement known = member.known(application.name());
        if (rounds.containsKey(application.name())) {
            refusal = "IN_PROGRESS: another fail-over of " + application.name() + " is in progress";
        } else if (!snapshot.quorum()) {
            refusal = "NO_QUORUM: the coordinator's view holds no quorum";
        } else if (request.target() != null && !application.hosts().contains(request.target())) {
            refusal = "NO_TARGET: " + request.target() + " is not one of its hosts " + application.hosts();
        } else if (request.target() != null && !snapshot.members().contains(request.target())) {
            refusal = "NO_TARGET: " + request.target() + " is not in the view " + snapshot.members();
        } else if (request.target() != null && request.target().equals(known.primary())) {
            refusal = "NO_TARGET: " + request.target() + " is its primary already";
        }
        if (refusal != null) {
            report(request.request(), request.requester(), application.name(), request.trigger(), known.primary(), null,
                    List.of(), known.epoch(), Outcome.FAILED, System.currentTimeMillis(), refusal);
            return;
        }
        begin(application, request.trigger(), known.primary(), List.of(), System.currentTimeMillis(), request.request(),
                request.requester(), request.reason(), request.target());
    }

    private void begin(ClusteredApplication application, Trigger trigger, String from, List<String> tried,
            long startedAt, long request, String requester, String reason, String target) {
        Placement known = member.known(application.name());
        if (trigger == Trigger.ESCALATED && from != null) {
            failedOn(application.name(), from);
        }
        List<String> excluded = new ArrayList<>(tried);
        if (trigger != Trigger.HOST_LOST && from != null && !excluded.contains(from)) {
            excluded.add(from); // a planned or escalated move leaves its host
        }
        long now = System.currentTimeMillis();
        recentFailures.getOrDefault(application.name(), Map.of()).forEach((host, at) -> {
            if (now - at < FAILURE_MEMORY_MILLIS && !excluded.contains(host)) {
                excluded.add(host);
            }
        });
        String chosen = target != null ? target : choose(application, known, excluded);
        if (chosen == null) {
            rounds.remove(application.name());
            downUntil.put(application.name(), now + FAILURE_MEMORY_MILLIS);
            String why = "NO_TARGET: no member of " + application.hosts() + " can take it ("
                    + (excluded.isEmpty() ? "none is in the view" : "failed or tried within "
                    + FAILURE_MEMORY_MILLIS / 1000 + " s: " + excluded) + ")";
            report(request, requester, application.name(), trigger, from, null, tried, known.epoch(), Outcome.FAILED,
                    startedAt, why);
            return;
        }
        Placement proposed = plan(application, chosen, known.epoch() + 1);
        String superseded = known.committed() ? known.primary() : null;
        GrantRound round = new GrantRound(ThreadLocalRandom.current().nextLong(), proposed, superseded, trigger, from,
                tried, startedAt, request, requester, reason);
        round.deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(PROMISE_TIMEOUT_MILLIS
                + (superseded != null && member.snapshot().members().contains(superseded) ? OLD_PRIMARY_STOP_MILLIS : 0));
        rounds.put(application.name(), round);
        logger.info("cluster: {}: proposing {} as primary under epoch {} ({}; {})", application.name(), chosen,
                proposed.epoch(), trigger, reason);
        member.broadcast(new ClusterMessage.Propose(round.grant, proposed));
    }

    private String choose(ClusteredApplication application, Placement known, List<String> excluded) {
        GroupSnapshot snapshot = member.snapshot();
        Map<String, Map<String, String>> running = member.running();
        List<HostCandidate> candidates = new ArrayList<>();
        for (String host : application.hosts()) {
            if (excluded.contains(host)) {
                continue;
            }
            boolean healthy = snapshot.members().contains(host)
                    && snapshot.hashes().getOrDefault(host, "").equals(snapshot.hashes().get(member.self()));
            String here = running.getOrDefault(host, Map.of()).getOrDefault(application.name(), "");
            candidates.add(new HostCandidate(host, healthy, application.preference(host), here.startsWith("standby"), -1));
        }
        ApplicationPlacement placement = new ApplicationPlacement(application.name(), application.hosts(), known.primary());
        Optional<String> chosen = Optional.empty();
        boolean asked = false;
        try {
            var policy = member.runtime().targetPolicy();
            if (policy.isPresent()) {
                chosen = policy.get().chooseTarget(placement, List.copyOf(candidates));
                asked = true;
            }
        } catch (RuntimeException e) {
            logger.warn("cluster: {}: the fail-over policy failed ({}); taking the first healthy host", application.name(),
                    e.toString());
        }
        if (asked) {
            return chosen.filter(host -> candidates.stream().anyMatch(c -> c.host().equals(host) && c.healthy()))
                    .orElse(null);
        }
        return candidates.stream().filter(HostCandidate::healthy).min(Comparator.comparingInt(HostCandidate::preference))
                .map(HostCandidate::host).orElse(null);
    }

    /** The scheme policy's plan: backups are its other hosts; the first of them in the view keep it in standby (warm). */
    private Placement plan(ClusteredApplication application, String primary, long epoch) {
        ApplicationPlacement placement = new ApplicationPlacement(application.name(), application.hosts(), primary);
        ReplicationPlan plan = ReplicationPlan.cold("no replication-scheme policy " + application.replicationPolicy());
        try {
            var policy = member.runtime().schemePolicy(application.replicationPolicy());
            if (policy.isPresent()) {
                plan = policy.get().plan(placement);
            }
        } catch (RuntimeException e) {
            logger.warn("cluster: {}: replication-scheme policy {} failed ({}); cold", application.name(),
                    application.replicationPolicy(), e.toString());
        }
        List<String> backups = application.hosts().stream().filter(host -> !host.equals(primary)).toList();
        List<String> standby = plan.scheme() == ReplicationScheme.WARM
                ? backups.stream().filter(member.snapshot().members()::contains).limit(plan.standbyBackups()).toList()
                : List.of();
        return new Placement(application.name(), epoch, primary, backups, standby, false);
    }

    void promised(String from, ClusterMessage.Promise promise, Map<String, ClusteredApplication> applications) {
        GrantRound round = rounds.get(promise.application());
        if (round == null || round.grant != promise.grant() || round.phase != GrantRound.Phase.PROPOSING) {
            return;
        }
        ClusteredApplication application = applications.get(promise.application());
        if (!promise.accepted()) {
            if (promise.knownEpoch() >= round.placement.epoch() && application != null) {
                logger.info("cluster: {}: {} knows epoch {}; proposing again above it", promise.application(), from,
                        promise.knownEpoch());
                rounds.remove(promise.application());
                Placement retry = new Placement(round.application(), promise.knownEpoch() + 1, round.target(),
                        round.placement.backups(), round.placement.standby(), false);
                GrantRound again = new GrantRound(ThreadLocalRandom.current().nextLong(), retry, round.superseded,
                        round.trigger, round.from, round.tried, round.startedAt, round.request, round.requester, round.reason);
                again.deadline = round.deadline;
                rounds.put(round.application(), again);
                member.broadcast(new ClusterMessage.Propose(again.grant, retry));
            }
            return;
        }
        round.promises.put(from, promise);
        GroupSnapshot snapshot = member.snapshot();
        Set<String> promisers = new HashSet<>(round.promisers());
        boolean oldPrimaryInView = round.superseded != null && snapshot.members().contains(round.superseded);
        if (!snapshot.settings().quorum().holds(promisers)
                || oldPrimaryInView && !promisers.contains(round.superseded) || !promisers.contains(round.target())) {
            return; // a quorum, the old primary if it can still stop it, and the target (its sets must take the epoch)
        }
        long margin = member.leaseMillis() / 10 + 50;
        // The old primary's promise means it stopped serving and gave up its lease; else wait it out.
        long wait = round.superseded != null && promisers.contains(round.superseded) ? 0
                : Math.max(0, member.leaseMillis() + margin - round.millisSinceNewestLeaseAck());
        round.phase = GrantRound.Phase.WAITING_FOR_LEASE;
        if (wait > 0) {
            logger.info("cluster: {}: waiting {} ms for {}'s lease to run out", round.application(), wait, round.superseded);
        }
        member.later(wait, () -> commit(round, application));
    }

    private void commit(GrantRound round, ClusteredApplication application) {
        if (rounds.get(round.application()) != round) {
            return;
        }
        round.phase = GrantRound.Phase.STARTING;
        round.deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(application.startTimeoutMillis() + 5_000);
        member.broadcast(new ClusterMessage.Commit(round.grant, round.placement.commit()));
    }

    void started(String from, ClusterMessage.Started started, Map<String, ClusteredApplication> applications) {
        GrantRound round = rounds.get(started.application());
        if (round == null || round.phase != GrantRound.Phase.STARTING || round.placement.epoch() != started.epoch()
                || !from.equals(round.target())) {
            return;
        }
        rounds.remove(round.application());
        List<String> tried = new ArrayList<>(round.tried);
        tried.add(round.target());
        if (started.ok()) {
            downUntil.remove(round.application());
            report(round.request, round.requester, round.application(), round.trigger, round.from, round.target(), tried,
                    round.placement.epoch(), Outcome.SUCCEEDED, round.startedAt, round.reason + "; " + started.message());
            return;
        }
        logger.warn("cluster: {}: {} could not start it ({}); trying the next host", round.application(), from,
                started.message());
        failedOn(round.application(), from);
        ClusteredApplication application = applications.get(round.application());
        if (application != null) {
            begin(application, round.trigger, round.from, tried, round.startedAt, round.request, round.requester,
                    round.reason + "; " + from + ": " + started.message(), null);
        }
    }

    private void failedOn(String application, String host) {
        recentFailures.computeIfAbsent(application, name -> new HashMap<>()).put(host, System.currentTimeMillis());
    }

    private void timedOut(ClusteredApplication application, GrantRound round) {
        rounds.remove(application.name());
        if (round.phase == GrantRound.Phase.STARTING) {
            started(round.target(), new ClusterMessage.Started(application.name(), round.placement.epoch(), false,
                    "no word that it started within its start timeout"), Map.of(application.name(), application));
            return;
        }
        logger.warn("cluster: {}: no quorum of promises for epoch {} within {} ms (promised: {}); trying again",
                application.name(), round.placement.epoch(), PROMISE_TIMEOUT_MILLIS, round.promisers());
    }

    private void report(long request, String requester, String application, Trigger trigger, String from, String to,
            List<String> tried, long epoch, Outcome outcome, long startedAt, String message) {
        long duration = outcome == Outcome.SUCCEEDED ? System.currentTimeMillis() - startedAt : 0;
        member.broadcast(new ClusterMessage.FailoverReport(request, requester, application, trigger, from, to, tried, epoch,
                outcome, startedAt, duration, message));
    }

    /** The fail-over in progress of an application, for {@code cluster:apps}; {@code null} if none. */
    FailoverDTO current(String application) {
        GrantRound round = rounds.get(application);
        if (round == null) {
            return null;
        }
        FailoverDTO dto = new FailoverDTO();
        dto.application = application;
        dto.trigger = round.trigger;
        dto.from = round.from;
        dto.to = round.target();
        dto.tried = List.copyOf(round.tried);
        dto.epoch = round.placement.epoch();
        dto.outcome = Outcome.IN_PROGRESS;
        dto.startedAt = round.startedAt;
        dto.message = round.reason + " (" + round.phase.name().toLowerCase().replace('_', ' ') + ")";
        return dto;
    }
}
