package org.swiftft.replication;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The replication sets this runtime takes part in: the operator's and the cluster's view of REPL.
 *
 * <p>Peers prove the set's shared secret on every connection; paths from the wire are confined to
 * the set's directory. Frames carry sequence numbers, the epoch and CRC32C; a backup never applies
 * an operation out of order, twice with effect, or corrupt. After a link cut it resumes from the
 * last sequence it holds durably; when that is no longer in the primary's log it falls back to
 * copying what changed.
 *
 * <p>Thread-safe. Methods that name a set throw {@link IllegalArgumentException} naming it when the
 * set does not exist.
 */
@ProviderType
public interface ReplicationSets {

    /** Every set, sorted by name. */
    List<ReplicationStatusDTO> sets();

    Optional<ReplicationStatusDTO> status(String name);

    /**
     * Compares the primary's copy with each backup's by block hashes. Runs on the primary.
     *
     * @return a stage completing with one result per backup (one that cannot be reached has its
     *         {@link VerificationDTO#error}), or exceptionally with a {@link ReplicationException} if
     *         this runtime is not primary
     */
    CompletionStage<List<VerificationDTO>> verify(String name);

    /**
     * Brings every backup to the primary's state by copying what differs, whatever their logs hold.
     * Writes on the primary go on meanwhile.
     *
     * @return a stage completing when every backup is IN_SYNC, or exceptionally with a
     *         {@link ReplicationException}
     */
    CompletionStage<ReplicationStatusDTO> resync(String name);

    /**
     * Takes a new role under a new epoch (the cluster's fail-over, or an operator's planned move).
     * A backup becoming primary first applies everything in its replica log. Frames of older epochs
     * are refused from then on.
     *
     * @param epoch must be greater than the set's current epoch
     * @throws ReplicationException if the epoch is not newer, or the replica log cannot be applied;
     *                              the role is then unchanged
     */
    ReplicationStatusDTO assumeRole(String name, Role role, long epoch) throws ReplicationException;
}
