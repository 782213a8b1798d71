package org.swiftft.cluster;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Moves clustered applications between members: when a primary's host is lost, when the detector
 * escalates, or on an operator's request. The fail-over of the original watchd.
 *
 * <p>Fail-overs are decided by the view's coordinator and happen only in a view holding a quorum.
 * The target is chosen by the {@link org.swiftft.policy.FailoverTargetPolicy} (or the first healthy
 * host in preference order if the policy fails); the target recovers the application from its
 * replicated checkpoint and journal (cold) or promotes its standby (warm), and a target that cannot
 * start it is reported and the next candidate tried. Each fail-over starts a new
 * {@link Primaryship} epoch; the old primary, if reachable, stops the application, and one that
 * is not (frozen, partitioned) is fenced: a backup takes over only after its lease has expired.
 *
 * <p>Thread-safe. Methods that name an application throw {@link IllegalArgumentException} naming it
 * when it is not clustered.
 */
@ProviderType
public interface FailoverCoordinator {

    /** Every clustered application, sorted by name. */
    List<ClusteredApplicationDTO> applications();

    Optional<ClusteredApplicationDTO> application(String name);

    /**
     * A planned move ({@code cluster:failover NAME [TARGET]}): checkpoints on the primary, stops it
     * there, starts it on the target.
     *
     * @param target the member to move to, or {@code null} to let the policy choose
     * @return a stage completing when the application runs on its new primary, or exceptionally with
     *         a {@link FailoverException} (then it still runs where it ran, if it could be kept there)
     */
    CompletionStage<FailoverDTO> failover(String application, String target);

    /**
     * The detector's escalation, when its restart policy says {@code FAILOVER}: the application left
     * this host for a backup, and this host stops it.
     *
     * @return a stage completing as {@link #failover}; failing exceptionally with a
     *         {@link FailoverException} (no quorum, no candidate), after which the detector treats
     *         the escalation as giving up
     */
    CompletionStage<FailoverDTO> escalate(String application, String reason);

    /** The application's recent fail-overs, oldest first; bounded, at least the last 16. */
    List<FailoverDTO> history(String application);
}
