package org.swiftft.policy;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Decides whether to rejuvenate an application before it fails, from a predicted trend of one of
 * its symptoms (software rejuvenation, as in the original SwiFT work on aging).
 *
 * <p>Called by the rejuvenation bundle each time it samples a symptom, with a deadline; a call that
 * throws or is late is treated as {@link RejuvenationDecision.Action#NONE}.
 */
@ConsumerType
public interface RejuvenationPolicy {

    RejuvenationDecision evaluate(SymptomReport report);
}
