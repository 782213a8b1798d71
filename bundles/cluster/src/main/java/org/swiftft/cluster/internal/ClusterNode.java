package org.swiftft.cluster.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.osgi.service.log.Logger;
import org.swiftft.cluster.ClusterConstants;
import org.swiftft.cluster.FailoverDTO;
import org.swiftft.cluster.FailoverException;

/**
 * A cluster member at work: the group membership, the placements it accepted, its leases, what runs
 * here, and, while it coordinates a view holding the quorum, the fail-overs. Everything happens on
 * the membership's thread, in the order the group delivers it; a ticker adds lease requests,
 * self-fencing and a fresh look every heartbeat interval.
 */
final class ClusterNode implements GroupMembership.Listener, FailoverDecider.Member {

    private final ClusterSettings settings;
    private final LocalRuntime runtime;
    private final Logger logger;
    private final PlacementStore store;
    private final GroupMembership group;
    private final LeaseKeeper leases;
    private final ApplicationRoles roles;
    private final FailoverDecider decider;
    private final Quorum quorum;
    private final ScheduledExecutorService ticker;
    private final FailoverReports reports;
    private final Map<String, Long> leaseLastHeld = new HashMap<>();
    private volatile Map<String, ClusteredApplication> applications = Map.of();

    ClusterNode(ClusterSettings settings, Path stateFolder, Supplier<String> configurationHash, LocalRuntime runtime,
            Logger logger) throws IOException {
        this.settings = settings;
        this.runtime = runtime;
        this.logger = logger;
        this.store = new PlacementStore(stateFolder.resolve("placements"));
        this.quorum = settings.quorum();
        this.group = new GroupMembership(settings, configurationHash, this, logger);
        this.leases = new LeaseKeeper(settings.self(), leaseMillis(settings), quorum::holds);
        String host = settings.endpoint().getAddress().getHostAddress();
        this.roles = new ApplicationRoles(settings.self(), Map.of("SWIFT_MEMBER", settings.self(), "SWIFT_HOST", host),
                runtime, group::execute, this::reportStart, logger);
        this.decider = new FailoverDecider(this, logger);
        this.reports = new FailoverReports(settings.self(), runtime, logger);
        this.ticker = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "cluster-" + settings.self() + "-ticker");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** The lease lasts one heartbeat timeout: a frozen primary's runs out before the others suspect it. */
    static long leaseMillis(ClusterSettings settings) {
        return settings.heartbeatTimeout().toMillis();
    }

    void start() {
        group.start();
        long interval = settings.heartbeatInterval().toMillis();
        ticker.scheduleWithFixedDelay(() -> group.execute(this::tick), interval, interval, TimeUnit.MILLISECONDS);
    }

    void close() {
        ticker.shutdownNow();
        group.close();
    }

    void applications(Map<String, ClusteredApplication> clustered) {
        applications = Map.copyOf(clustered);
        group.execute(this::tick);
    }

    Map<String, ClusteredApplication> applications() {
        return applications;
    }

    // ---- the ticker, on the membership's thread -------------------------------------------

    private void tick() {
        GroupSnapshot snapshot = group.snapshot();
        long now = System.nanoTime();
        Map<String, Long> serving = new HashMap<>();
        for (ClusteredApplication application : applications.values()) {
            Placement accepted = store.get(application.name());
            String fence = fenceReason(application, snapshot, now);
            roles.reconcile(application, accepted, fence != null, fence, snapshot.quorum());
            ApplicationRoles.Local local = roles.local(application.name());
            if ((local == ApplicationRoles.Local.PRIMARY || local == ApplicationRoles.Local.STARTING)
                    && settings.self().equals(accepted.primary()) && accepted.committed()) {
                serving.put(application.name(), accepted.epoch());
            }
        }
        if (!serving.isEmpty() && snapshot.quorum()) {
            group.send(null, leases.request(serving, now));
        }
        decider.decide(applications);
    }

    /** Why this member must stop serving the application now, or {@code null}. */
    private String fenceReason(ClusteredApplication application, GroupSnapshot snapshot, long now) {
        ApplicationRoles.Local local = roles.local(application.name());
        if (local != ApplicationRoles.Local.PRIMARY && local != ApplicationRoles.Local.STARTING) {
            leaseLastHeld.remove(application.name());
            return null;
        }
        if (!snapshot.quorum()) {
            return "this member's view " + snapshot.members() + " holds no quorum (" + quorum.describe() + ")";
        }
        if (leases.holds(application.name(), now)) {
            leaseLastHeld.put(application.name(), now);
            return null;
        }
        long since = leaseLastHeld.computeIfAbsent(application.name(), name -> now);
        if (now - since > TimeUnit.MILLISECONDS.toNanos(2 * leases.leaseMillis())) {
            return "its lease was not renewed by a quorum for " + (now - since) / 1_000_000 + " ms";
        }
        return null;
    }

    // ---- the group ----------------------------------------------------------------------------

    @Override
    public void viewChanged(GroupSnapshot snapshot, boolean quorumLost) {
        runtime.post(ClusterConstants.TOPIC_VIEW_CHANGED, Map.of(ClusterConstants.EVENT_VIEW_ID, snapshot.viewId(),
                ClusterConstants.EVENT_MEMBERS, snapshot.members().toArray(String[]::new)));
        if (quorumLost) {
            runtime.post(ClusterConstants.TOPIC_QUORUM_LOST, Map.of(ClusterConstants.EVENT_VIEW_ID, snapshot.viewId(),
                    ClusterConstants.EVENT_MEMBERS, snapshot.members().toArray(String[]::new)));
        }
        tick();
    }

    @Override
    public void refused(String member, String why) {
        runtime.post(ClusterConstants.TOPIC_REFUSED, Map.of(ClusterConstants.EVENT_MEMBER, member,
                ClusterConstants.EVENT_MESSAGE, why));
    }

    @Override
    public ClusterMessage.Info info(String self, String configurationHash) {
        return new ClusterMessage.Info(self, 0, configurationHash, false, List.copyOf(store.all().values()),
                roles.running());
    }

    @Override
    public void received(String from, ClusterMessage message) {
        if (message instanceof ClusterMessage.Info info) {
            info.placements().forEach(this::learn);
            decider.decide(applications); // the coordinator waits for this after a view change: no tick later
        } else if (message instanceof ClusterMessage.Propose propose) {
            proposed(from, propose);
        } else if (message instanceof ClusterMessage.Promise promise) {
            decider.promised(from, promise, applications);
        } else if (message instanceof ClusterMessage.Commit commit) {
            learn(commit.placement());
        } else if (message instanceof ClusterMessage.Started started) {
            decider.started(from, started, applications);
        } else if (message instanceof ClusterMessage.LeaseRequest request) {
            group.send(from, leases.answer(from, request, store::get, System.nanoTime()));
        } else if (message instanceof ClusterMessage.LeaseAck ack) {
            leases.acknowledged(from, ack);
        } else if (message instanceof ClusterMessage.MoveRequest move) {
            ClusteredApplication application = applications.get(move.application());
            if (application != null && settings.self().equals(group.snapshot().coordinator())) {
                decider.move(application, move);
            }
        } else if (message instanceof ClusterMessage.FailoverReport report) {
            reports.reported(report);
        }
    }

    /** A placement another member knows, or a commit: kept if newer, then acted on here. */
    private void learn(Placement placement) {
        try {
            if (store.offer(placement)) {
                if (!settings.self().equals(placement.primary())) {
                    leases.revoke(placement.application());
                }
                ClusteredApplication application = applications.get(placement.application());
                if (application != null) {
                    roles.reconcile(application, store.get(placement.application()), false, null,
                            group.snapshot().quorum());
                }
                group.announce();
            }
        } catch (IOException e) {
            logger.error("cluster: cannot record the placement of {} under epoch {} in state/@cluster: {}",
                    placement.application(), placement.epoch(), e.getMessage());
        }
    }

    /** The member side of a proposal: stop serving it here if it moves away, persist, promise. */
    private void proposed(String coordinator, ClusterMessage.Propose propose) {
        Placement placement = propose.placement();
        long known = Math.max(store.get(placement.application()).epoch(), replicationEpoch(placement.application()));
        if (placement.epoch() <= known) {
            reply(coordinator, new ClusterMessage.Promise(propose.grant(), placement.application(), placement.epoch(),
                    false, known, 0));
            return;
        }
        boolean movingAway = !settings.self().equals(placement.primary());
        if (movingAway) {
            leases.revoke(placement.application());
        }
        var stopped = movingAway ? roles.stopBeforePromise(placement.application()) : CompletableFuture.completedFuture(null);
        stopped.whenComplete((done, failure) -> group.execute(() -> {
            long sinceAck = leases.millisSinceAck(placement.application(), System.nanoTime());
            try {
                store.offer(placement);
            } catch (IOException e) {
                logger.error("cluster: cannot record the promise of epoch {} for {}: {}; not promising",
                        placement.epoch(), placement.application(), e.getMessage());
                return;
            }
            reply(coordinator, new ClusterMessage.Promise(propose.grant(), placement.application(),
                    placement.epoch(), true, placement.epoch(), sinceAck));
        }));
    }

    /**
     * The highest epoch among the application's replication sets here: a placement's epoch becomes
     * theirs, and a set takes only a newer one (an operator may have moved a set by hand, and a new
     * set starts at 1).
     */
    private long replicationEpoch(String application) {
        ClusteredApplication clustered = applications.get(application);
        if (clustered == null) {
            return 0;
        }
        return clustered.replicationSets().stream().map(runtime::replicationSet)
                .mapToLong(status -> status.map(s -> s.epoch).orElse(0L)).max().orElse(0);
    }

    /** JGroups drops what a member sends itself (discard own messages): its own answers are handled here. */
    private void reply(String to, ClusterMessage message) {
        if (settings.self().equals(to)) {
            received(to, message);
        } else {
            group.send(to, message);
        }
    }

    private void reportStart(String application, ClusterMessage.Started started) {
        String coordinator = group.snapshot().coordinator();
        if (coordinator != null) {
            reply(coordinator, started);
        }
        group.announce();
    }

    // ---- asked by the services -------------------------------------------------------------

    /** Asks the coordinator to move the application; completes when it has moved, or failed to. */
    CompletableFuture<FailoverDTO> move(String application, String target, FailoverDTO.Trigger trigger, String reason) {
        long request = ThreadLocalRandom.current().nextLong();
        CompletableFuture<FailoverDTO> result = reports.awaiting(request);
        ClusterMessage.MoveRequest move = new ClusterMessage.MoveRequest(request, settings.self(), application, target,
                trigger, reason);
        group.execute(() -> {
            String coordinator = group.snapshot().coordinator();
            if (settings.self().equals(coordinator)) {
                reply(coordinator, move);
            } else if (coordinator == null || !group.send(coordinator, move)) {
                reports.forget(request);
                result.completeExceptionally(new FailoverException(application, FailoverException.Reason.NO_QUORUM,
                        application + " not moved: this member is in no group yet"));
            }
        });
        return result;
    }

    List<FailoverDTO> history(String application) {
        return reports.history(application);
    }

    FailoverDTO inProgress(String application) {
        try {
            return CompletableFuture.supplyAsync(() -> decider.current(application), group::execute).get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            return null;
        }
    }

    /** Whether this member serves the application now: its primary, running it, with its lease. Any thread. */
    boolean serving(String application) {
        Placement accepted = store.get(application);
        return settings.self().equals(accepted.primary()) && accepted.committed()
                && roles.local(application) == ApplicationRoles.Local.PRIMARY
                && leases.holds(application, System.nanoTime());
    }

    GroupMembership group() {
        return group;
    }

    ClusterSettings settings() {
        return settings;
    }

    void leave() {
        group.leave();
        ticker.shutdownNow();
    }

    // ---- FailoverDecider.Member ----------------------------------------------------------------

    @Override
    public String self() {
        return settings.self();
    }

    @Override
    public GroupSnapshot snapshot() {
        return group.snapshot();
    }

    @Override
    public Placement known(String application) {
        Placement best = store.get(application);
        for (ClusterMessage.Info info : group.infos().values()) {
            for (Placement placement : info.placements()) {
                if (placement.application().equals(application) && placement.newerThan(best)) {
                    best = placement;
                }
            }
        }
        return best;
    }

    @Override
    public Map<String, Map<String, String>> running() {
        Map<String, Map<String, String>> running = new HashMap<>();
        group.infos().forEach((member, info) -> running.put(member, info.running()));
        running.put(settings.self(), roles.running());
        return running;
    }

    @Override
    public void broadcast(ClusterMessage message) {
        group.send(null, message);
        received(settings.self(), message);
    }

    @Override
    public void later(long delayMillis, Runnable task) {
        if (delayMillis <= 0) {
            task.run();
        } else {
            ticker.schedule(() -> group.execute(task), delayMillis, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public LocalRuntime runtime() {
        return runtime;
    }

    @Override
    public long leaseMillis() {
        return leases.leaseMillis();
    }

    Set<String> applicationNames() {
        return applications.keySet();
    }
}
