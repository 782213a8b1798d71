package org.swiftft.shell.internal;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.swiftft.cluster.ClusterMembership;
import org.swiftft.cluster.ClusteredApplicationDTO;
import org.swiftft.cluster.FailoverCoordinator;
import org.swiftft.cluster.FailoverDTO;
import org.swiftft.cluster.MemberDTO;
import org.swiftft.cluster.ViewDTO;

/** {@code cluster:} this runtime's group: members and view, clustered applications, planned moves, leaving. */
@Component(service = ClusterCommands.class, property = {"osgi.command.scope=cluster",
        "osgi.command.function=members", "osgi.command.function=apps", "osgi.command.function=failover",
        "osgi.command.function=history", "osgi.command.function=leave"})
public class ClusterCommands {

    private static final long WAIT_SECONDS = 120;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ClusterMembership membership;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile FailoverCoordinator coordinator;

    /** One line of {@code cluster:members}: a member, with the view it was seen in. */
    public record MemberRow(MemberDTO member, ViewDTO view) {
    }

    @Descriptor("List the configured members: state, address, coordinator, suspicions, configuration hash, what each is primary and backup for, and the view")
    public Rows<MemberRow> members() {
        ClusterMembership cluster = membership();
        ViewDTO view = cluster.view();
        return new Rows<>(cluster.members().stream().map(member -> new MemberRow(member, view)).toList(),
                Column.of("MEMBER", r -> r.member.name + (r.member.self ? " (this)" : "")),
                Column.of("STATE", r -> r.member.state),
                Column.of("ADDRESS", r -> r.member.address),
                Column.of("COORD", r -> r.member.coordinator ? "yes" : ""),
                Column.of("SUSPECTED BY", r -> r.member.suspectedBy.isEmpty() ? "-" : String.join(",", r.member.suspectedBy)),
                Column.of("CONFIG HASH", r -> r.member.configurationHash == null ? "-" : r.member.configurationHash),
                Column.of("PRIMARY FOR", r -> list(r.member.primaryFor)),
                Column.of("BACKUP FOR", r -> list(r.member.backupFor)),
                Column.of("LAST SEEN", r -> r.member.lastSeen == 0 ? "-" : Instant.ofEpochMilli(r.member.lastSeen).toString()),
                Column.of("VIEW", r -> r.view.id + " " + r.view.members + (r.view.quorum ? " quorum" : " NO QUORUM")
                        + " (" + r.view.members.size() + " of " + r.view.configuredMembers + ")"
                        + (r.member.self && r.view.problem != null ? ": " + r.view.problem : "")));
    }

    @Descriptor("List the clustered applications: scheme, hosts, primary, backups, standbys, epoch, state, last fail-over")
    public Rows<ClusteredApplicationDTO> apps() {
        return new Rows<>(coordinator().applications(),
                Column.of("APPLICATION", a -> a.application),
                Column.of("SCHEME", a -> lower(a.scheme)),
                Column.of("HOSTS", a -> list(a.hosts)),
                Column.of("PRIMARY", a -> a.primary == null ? "-" : a.primary),
                Column.of("BACKUPS", a -> list(a.backups)),
                Column.of("STANDBY", a -> list(a.standby)),
                Column.of("EPOCH", a -> a.epoch),
                Column.of("STATE", a -> a.state),
                Column.of("LAST FAIL-OVER", a -> describe(a.lastFailover)));
    }

    @Descriptor("Move a clustered application to another member (planned fail-over); waits until it runs there")
    public Rows<FailoverDTO> failover(@Descriptor("application") String application,
            @Descriptor("the member to move it to; none: the fail-over policy chooses") String... target) {
        if (target.length > 1) {
            throw new IllegalArgumentException("cluster:failover NAME [MEMBER]: one member at most");
        }
        return failovers(List.of(await(coordinator().failover(application, target.length == 0 ? null : target[0]))));
    }

    @Descriptor("Show an application's recent fail-overs, oldest first")
    public Rows<FailoverDTO> history(@Descriptor("application") String application) {
        return failovers(coordinator().history(application));
    }

    @Descriptor("Leave the cluster on purpose: move the applications this member is primary for, then leave")
    public String leave() {
        membership().leave();
        return "left the cluster; restart the runtime (or change etc/org.swiftft.cluster.cfg) to join again";
    }

    private static Rows<FailoverDTO> failovers(List<FailoverDTO> failovers) {
        return new Rows<>(failovers,
                Column.of("APPLICATION", f -> f.application),
                Column.of("STARTED", f -> Instant.ofEpochMilli(f.startedAt).toString()),
                Column.of("TRIGGER", f -> f.trigger),
                Column.of("FROM", f -> f.from == null ? "-" : f.from),
                Column.of("TO", f -> f.to == null ? "-" : f.to),
                Column.of("TRIED", f -> list(f.tried)),
                Column.of("EPOCH", f -> f.epoch),
                Column.of("OUTCOME", f -> f.outcome),
                Column.of("MS", f -> f.durationMillis),
                Column.of("MESSAGE", f -> f.message));
    }

    private static String describe(FailoverDTO failover) {
        if (failover == null) {
            return "-";
        }
        return lower(failover.outcome) + " " + (failover.from == null ? "" : failover.from + "->")
                + (failover.to == null ? "?" : failover.to) + (failover.durationMillis > 0 ? " in " + failover.durationMillis + " ms" : "")
                + " (" + lower(failover.trigger) + ")";
    }

    private static <T> T await(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime
                    : new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("no answer within " + WAIT_SECONDS + " s; cluster:apps shows where it stands", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private ClusterMembership membership() {
        ClusterMembership cluster = membership;
        if (cluster == null) {
            throw new IllegalStateException("the cluster is not running here: install the feature (feature:install cluster)"
                    + " and give it etc/org.swiftft.cluster.cfg; if both are there, the configuration is invalid and"
                    + " log:display says why (see docs/cluster.md)");
        }
        return cluster;
    }

    private FailoverCoordinator coordinator() {
        FailoverCoordinator failover = coordinator;
        if (failover == null) {
            membership();
            throw new IllegalStateException("the cluster is not running");
        }
        return failover;
    }

    private static String list(List<String> items) {
        return items == null || items.isEmpty() ? "-" : String.join(",", items);
    }

    private static String lower(Enum<?> value) {
        return value == null ? "-" : value.name().toLowerCase(Locale.ROOT);
    }
}
