package org.swiftft.shell.internal;

import java.time.Instant;
import java.util.ArrayList;
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
import org.swiftft.replication.PeerStatusDTO;
import org.swiftft.replication.ReplicationSets;
import org.swiftft.replication.ReplicationStatusDTO;
import org.swiftft.replication.Role;
import org.swiftft.replication.VerificationDTO;
import org.swiftft.replication.VerificationDTO.DifferenceDTO;

/** {@code replication:} the replication sets of this runtime (the original REPL), their peers, verification and resync. */
@Component(service = ReplicationCommands.class, property = {"osgi.command.scope=replication",
        "osgi.command.function=list", "osgi.command.function=status", "osgi.command.function=verify",
        "osgi.command.function=resync", "osgi.command.function=role"})
public class ReplicationCommands {

    private static final long WAIT_MINUTES = 11;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ReplicationSets replication;

    /** One line of {@code replication:status}: a peer, with its set's state beside it. */
    public record PeerRow(ReplicationStatusDTO set, PeerStatusDTO peer) {
    }

    /** One line of {@code replication:verify}: a difference, or the all-clear of a backup. */
    public record DifferenceRow(VerificationDTO verification, DifferenceDTO difference) {
    }

    @Descriptor("List the replication sets: role, mode, level, epoch, state, peers connected, lag and the last error")
    public Rows<ReplicationStatusDTO> list() {
        return new Rows<>(sets().sets(),
                Column.of("SET", s -> s.name),
                Column.of("ROLE", s -> lower(s.role)),
                Column.of("MODE", s -> lower(s.mode)),
                Column.of("LEVEL", s -> lower(s.level)),
                Column.of("EPOCH", s -> s.epoch),
                Column.of("STATE", s -> s.state),
                Column.of("SEQUENCE", s -> s.sequence),
                Column.of("PEERS", s -> s.peers.stream().filter(p -> p.connected).count() + "/" + s.peers.size()),
                Column.of("LAG OPS", s -> s.peers.stream().mapToLong(p -> p.lagOperations).max().orElse(0)),
                Column.of("LAG BYTES", s -> s.peers.stream().mapToLong(p -> p.lagBytes).max().orElse(0)),
                Column.of("LAG S", s -> seconds(s.peers.stream().mapToLong(p -> p.lagMillis).max().orElse(0))),
                Column.of("REFUSED", s -> s.refused),
                Column.of("LAST ERROR", s -> s.lastError == null ? "-"
                        : Instant.ofEpochMilli(s.lastErrorAt) + " " + s.lastError));
    }

    @Descriptor("Show one set and each of its peers: connected, durable and applied sequences, lag, last error")
    public Rows<PeerRow> status(@Descriptor("set name") String name) {
        ReplicationStatusDTO set = sets().status(name).orElseThrow(() -> new IllegalArgumentException(
                "no replication set '" + name + "' here; replication:list shows the sets"));
        List<PeerRow> rows = set.peers.stream().map(p -> new PeerRow(set, p)).toList();
        if (rows.isEmpty()) {
            rows = List.of(new PeerRow(set, null));
        }
        return new Rows<>(rows,
                Column.of("SET", r -> r.set.name + " (" + lower(r.set.role) + ", " + lower(r.set.mode) + ", "
                        + lower(r.set.level) + ", epoch " + r.set.epoch + ", " + r.set.state + ", sequence "
                        + r.set.sequence + ", " + r.set.directory + ")"),
                Column.of("PEER", r -> r.peer == null ? "-" : r.peer.address),
                Column.of("CONNECTED", r -> r.peer == null ? "-" : r.peer.connected ? "yes" : "no"),
                Column.of("DURABLE", r -> r.peer == null ? "-" : r.peer.durableSequence),
                Column.of("APPLIED", r -> r.peer == null ? "-" : r.peer.appliedSequence),
                Column.of("LAG OPS", r -> r.peer == null ? "-" : r.peer.lagOperations),
                Column.of("LAG BYTES", r -> r.peer == null ? "-" : r.peer.lagBytes),
                Column.of("LAG S", r -> r.peer == null ? "-" : seconds(r.peer.lagMillis)),
                Column.of("LAST ERROR", r -> r.peer == null || r.peer.lastError == null ? "-" : r.peer.lastError));
    }

    @Descriptor("Compare the primary's copy of a set with each backup's by block hashes (run it on the primary, on a quiet set)")
    public Rows<DifferenceRow> verify(@Descriptor("set name") String name) throws Exception {
        List<DifferenceRow> rows = new ArrayList<>();
        for (VerificationDTO verification : await(sets().verify(name))) {
            if (verification.differences.isEmpty()) {
                rows.add(new DifferenceRow(verification, null));
            }
            for (DifferenceDTO difference : verification.differences) {
                rows.add(new DifferenceRow(verification, difference));
            }
        }
        return new Rows<>(rows,
                Column.of("BACKUP", r -> r.verification.peer),
                Column.of("FILES", r -> r.verification.files),
                Column.of("BYTES", r -> r.verification.bytes),
                Column.of("TOOK", r -> r.verification.durationMillis + " ms"),
                Column.of("DIFFERENCE", r -> r.verification.error != null ? "not compared: " + r.verification.error
                        : r.difference == null ? "none: identical"
                        : r.difference.kind + (r.difference.offset < 0 ? "" : " at byte " + r.difference.offset)),
                Column.of("PATH", r -> r.difference == null ? "-" : r.difference.path));
    }

    @Descriptor("Bring every backup of a set to the primary's copy by block hashes, whatever their logs hold (run it on the primary)")
    public Rows<ReplicationStatusDTO> resync(@Descriptor("set name") String name) throws Exception {
        await(sets().resync(name));
        return list();
    }

    @Descriptor("Make this runtime primary or backup of a set under a newer epoch (a planned move; the cluster does it at fail-over)")
    public Rows<ReplicationStatusDTO> role(@Descriptor("set name") String name,
            @Descriptor("primary or backup") String role,
            @Descriptor("the new epoch, above every runtime's current one for the set") long epoch) throws Exception {
        Role wanted;
        try {
            wanted = Role.valueOf(role.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("role " + role + " is not primary or backup");
        }
        sets().assumeRole(name, wanted, epoch);
        return list();
    }

    private static <T> T await(CompletionStage<T> stage) throws Exception {
        try {
            return stage.toCompletableFuture().get(WAIT_MINUTES, TimeUnit.MINUTES);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        } catch (TimeoutException e) {
            throw new IllegalStateException("no answer within " + WAIT_MINUTES + " minutes", e);
        }
    }

    private ReplicationSets sets() {
        ReplicationSets sets = replication;
        if (sets == null) {
            throw new IllegalStateException("the replication capability is not running: feature:install replication");
        }
        return sets;
    }

    private static String lower(Enum<?> value) {
        return value == null ? "-" : value.name().toLowerCase(Locale.ROOT);
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.1f", millis / 1000.0);
    }
}
