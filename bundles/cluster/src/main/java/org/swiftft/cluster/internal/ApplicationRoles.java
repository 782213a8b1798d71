package org.swiftft.cluster.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.osgi.service.log.Logger;
import org.swiftft.cluster.ClusterConstants;
import org.swiftft.detector.ApplicationDTO;
import org.swiftft.replication.ReplicationStatusDTO;
import org.swiftft.replication.Role;

/**
 * The member side of placements: makes what runs here match what this member accepted. The
 * primary of a committed placement runs the application (started cold, or its standby promoted);
 * a standby runs it with {@code SWIFT_ROLE=standby}; everyone else runs nothing and keeps the
 * application's replication sets as backups of the current epoch. A primary without the quorum,
 * or whose lease has run out, stops it (self-fencing).
 *
 * <p>Starting and stopping take time: each application has at most one action in flight, and its
 * end comes back on the membership's thread, which then looks again. Not thread-safe otherwise.
 */
final class ApplicationRoles {

    /** What runs here, as far as the cluster is concerned. */
    enum Local {
        NONE, STARTING, PRIMARY, STANDBY, STOPPING, FENCED, FAILED
    }

    private static final class Here {
        Local local = Local.NONE;
        long epoch;
        boolean busy;
        String failure;
    }

    private final String self;
    private final Map<String, String> memberEnvironment;
    private final LocalRuntime runtime;
    private final Executor membershipThread;
    private final BiConsumer<String, ClusterMessage.Started> reportStart;
    private final Logger logger;
    private final Map<String, Here> applications = new HashMap<>();

    /**
     * @param memberEnvironment SWIFT_MEMBER and SWIFT_HOST, given to every clustered application
     * @param reportStart       tells the coordinator how a start went (application, outcome)
     */
    ApplicationRoles(String self, Map<String, String> memberEnvironment, LocalRuntime runtime, Executor membershipThread,
            BiConsumer<String, ClusterMessage.Started> reportStart, Logger logger) {
        this.self = self;
        this.memberEnvironment = Map.copyOf(memberEnvironment);
        this.runtime = runtime;
        this.membershipThread = membershipThread;
        this.reportStart = reportStart;
        this.logger = logger;
    }

    /** What runs here per application, for the member information: "primary 4", "standby 4", "failed 5: why". */
    Map<String, String> running() {
        Map<String, String> running = new HashMap<>();
        applications.forEach((name, here) -> {
            if (here.local != Local.NONE) {
                running.put(name, here.local.name().toLowerCase() + " " + here.epoch
                        + (here.failure == null ? "" : ": " + here.failure));
            }
        });
        return running;
    }

    Local local(String application) {
        Here here = applications.get(application);
        return here == null ? Local.NONE : here.local;
    }

    /**
     * Brings what runs here in line with {@code accepted}.
     *
     * @param fence stop it here even if this member is its primary: no quorum, or the lease ran out
     * @param mayStart whether this member's view holds the quorum: without it nothing is started here
     *                 (a runtime restarted as the primary of an old epoch must learn the new one first)
     */
    void reconcile(ClusteredApplication application, Placement accepted, boolean fence, String why, boolean mayStart) {
        Here here = applications.computeIfAbsent(application.name(), name -> new Here());
        if (here.busy) {
            return;
        }
        if (!accepted.committed()) {
            if (fence && (here.local == Local.PRIMARY || here.local == Local.STARTING)) {
                fenceNow(application, here, why);
            }
            return; // a proposal: the promise stopped it here if it moves away; nothing else until the commit
        }
        boolean primaryHere = self.equals(accepted.primary());
        boolean standbyHere = accepted.standby().contains(self);
        if (here.local == Local.PRIMARY || here.local == Local.STARTING) {
            if (fence) {
                fenceNow(application, here, why);
            } else if (!primaryHere) {
                stopHere(application, accepted, here, "deposed: " + accepted.primary() + " is its primary under epoch "
                        + accepted.epoch());
            } else if (here.epoch < accepted.epoch() && mayStart) {
                becomePrimary(application, accepted, here);
            }
            return;
        }
        if (here.local == Local.FENCED || here.local == Local.FAILED) {
            if (accepted.epoch() <= here.epoch) {
                return; // until the coordinator places it anew
            }
            here.local = Local.NONE;
            here.failure = null;
        }
        if (here.local == Local.STANDBY && !standbyHere && !primaryHere) {
            stopHere(application, accepted, here, "no longer a standby under epoch " + accepted.epoch());
        } else if (primaryHere && !fence && mayStart) {
            becomePrimary(application, accepted, here);
        } else if (standbyHere && here.local == Local.NONE && mayStart) {
            startStandby(application, accepted, here);
        }
        if (!primaryHere) {
            roles(application, Role.BACKUP, accepted.epoch());
        }
    }

    private void becomePrimary(ClusteredApplication application, Placement accepted, Here here) {
        long epoch = accepted.epoch();
        try {
            roles(application, Role.PRIMARY, epoch);
        } catch (IllegalStateException e) {
            failed(application, here, epoch, e.getMessage());
            return;
        }
        boolean promote = here.local == Local.STANDBY;
        boolean running = here.local == Local.PRIMARY;
        here.local = Local.STARTING;
        here.epoch = epoch;
        here.busy = true;
        here.failure = null;
        CompletionStage<?> started;
        if (running) {
            started = runtime.start(application.name(), environment("primary", epoch)); // new epoch, same process
        } else if (promote) {
            started = runtime.request(application.name(), "PROMOTE", Long.toString(epoch), application.startTimeoutMillis())
                    .thenCompose(answer -> runtime.start(application.name(), environment("primary", epoch)))
                    .exceptionallyCompose(failure -> {
                        // a standby not connected yet, or refusing: start it cold here rather than move on
                        logger.warn("cluster: {}: the standby was not promoted ({}); starting it as primary",
                                application.name(), failure.getMessage());
                        return runtime.stop(application.name())
                                .thenCompose(stopped -> runtime.start(application.name(), environment("primary", epoch)))
                                .thenCompose(dto -> awaitRunning(application));
                    });
        } else {
            started = runtime.start(application.name(), environment("primary", epoch))
                    .thenCompose(dto -> awaitRunning(application));
        }
        started.whenComplete((done, failure) -> membershipThread.execute(() -> {
            here.busy = false;
            if (failure != null) {
                Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure;
                failed(application, here, epoch, (promote ? "promotion failed: " : "") + cause.getMessage());
                runtime.stop(application.name());
                return;
            }
            here.local = Local.PRIMARY;
            logger.info("cluster: {} is primary here under epoch {}{}", application.name(), epoch,
                    promote ? " (standby promoted)" : "");
            reportStart.accept(application.name(), new ClusterMessage.Started(application.name(), epoch, true,
                    promote ? "standby promoted" : running ? "already running" : "started"));
        }));
    }

    /** A launched application counts once RUNNING; FAILED, or not RUNNING within its start timeout, is a failed start. */
    private CompletionStage<ApplicationDTO> awaitRunning(ClusteredApplication application) {
        CompletableFuture<ApplicationDTO> result = new CompletableFuture<>();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(application.startTimeoutMillis());
        poll(application.name(), deadline, result);
        return result;
    }

    private void poll(String name, long deadline, CompletableFuture<ApplicationDTO> result) {
        Optional<ApplicationDTO> dto = runtime.application(name);
        ApplicationDTO.State state = dto.map(d -> d.state).orElse(null);
        if (state == ApplicationDTO.State.RUNNING) {
            result.complete(dto.get());
        } else if (state == null || state == ApplicationDTO.State.FAILED || state == ApplicationDTO.State.STOPPED
                || state == ApplicationDTO.State.BACKING_OFF && dto.get().consecutiveFailures > 0) {
            result.completeExceptionally(new IllegalStateException(name + " did not start here: "
                    + dto.map(d -> d.state + (d.reason == null ? "" : ", " + d.reason)).orElse("not watched here")));
        } else if (System.nanoTime() - deadline > 0) {
            result.completeExceptionally(new IllegalStateException(name + " was not RUNNING within its start timeout"));
        } else {
            CompletableFuture.delayedExecutor(20, TimeUnit.MILLISECONDS).execute(() -> poll(name, deadline, result));
        }
    }

    private void startStandby(ClusteredApplication application, Placement accepted, Here here) {
        here.local = Local.STANDBY;
        here.epoch = accepted.epoch();
        here.busy = true;
        runtime.start(application.name(), environment("standby", accepted.epoch()))
                .whenComplete((dto, failure) -> membershipThread.execute(() -> {
                    here.busy = false;
                    if (failure != null) {
                        here.local = Local.FAILED;
                        here.failure = "standby did not start: " + failure.getMessage();
                        logger.warn("cluster: {}: {}", application.name(), here.failure);
                    }
                }));
    }

    private void stopHere(ClusteredApplication application, Placement accepted, Here here, String why) {
        logger.info("cluster: stopping {} here: {}", application.name(), why);
        here.local = Local.STOPPING;
        here.busy = true;
        runtime.stop(application.name()).whenComplete((dto, failure) -> membershipThread.execute(() -> {
            here.busy = false;
            here.local = Local.NONE;
            here.epoch = accepted.epoch();
        }));
    }

    private void fenceNow(ClusteredApplication application, Here here, String why) {
        logger.warn("cluster: fencing {} (epoch {}): {}; stopping it here", application.name(), here.epoch, why);
        here.local = Local.FENCED;
        here.busy = true;
        runtime.post(ClusterConstants.TOPIC_FENCED, Map.of(ClusterConstants.EVENT_APPLICATION, application.name(),
                ClusterConstants.EVENT_EPOCH, here.epoch, ClusterConstants.EVENT_MESSAGE, why));
        runtime.stop(application.name()).whenComplete((dto, failure) -> membershipThread.execute(() -> here.busy = false));
    }

    /** Stops it here before a newer placement is promised elsewhere; completes once stopped. */
    CompletionStage<?> stopBeforePromise(String application) {
        Here here = applications.get(application);
        if (here == null || here.local == Local.NONE || here.local == Local.FAILED) {
            return CompletableFuture.completedFuture(null);
        }
        here.local = Local.STOPPING;
        here.busy = true;
        return runtime.stop(application).whenComplete((dto, failure) -> membershipThread.execute(() -> {
            here.busy = false;
            here.local = Local.NONE;
        }));
    }

    private void failed(ClusteredApplication application, Here here, long epoch, String why) {
        here.local = Local.FAILED;
        here.epoch = epoch;
        here.failure = why;
        logger.warn("cluster: {} could not become primary here under epoch {}: {}", application.name(), epoch, why);
        reportStart.accept(application.name(), new ClusterMessage.Started(application.name(), epoch, false, why));
    }

    /**
     * Puts the application's replication sets in {@code role} at {@code epoch}, unless they are there.
     *
     * @throws IllegalStateException for a primary that cannot take its sets
     */
    private void roles(ClusteredApplication application, Role role, long epoch) {
        for (String set : application.replicationSets()) {
            Optional<ReplicationStatusDTO> status = runtime.replicationSet(set);
            if (status.isPresent() && status.get().role == role && status.get().epoch >= epoch) {
                continue;
            }
            if (status.isPresent() && status.get().epoch >= epoch) {
                if (role == Role.PRIMARY) {
                    throw new IllegalStateException("replication set " + set + " is at epoch " + status.get().epoch
                            + " already, it cannot become primary under " + epoch);
                }
                continue;
            }
            try {
                runtime.assumeRole(set, role, epoch);
            } catch (Exception e) {
                if (role == Role.PRIMARY) {
                    throw new IllegalStateException("replication set " + set + " cannot become primary: " + e.getMessage());
                }
                logger.warn("cluster: {}: replication set {} cannot become a backup under epoch {}: {}",
                        application.name(), set, epoch, e.getMessage());
            }
        }
    }

    private Map<String, String> environment(String role, long epoch) {
        Map<String, String> environment = new HashMap<>(memberEnvironment);
        environment.put("SWIFT_ROLE", role);
        environment.put("SWIFT_EPOCH", Long.toString(epoch));
        return environment;
    }
}
