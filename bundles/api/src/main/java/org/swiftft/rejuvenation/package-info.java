/**
 * Rejuvenation: symptoms of software aging (memory growth, leaked descriptors, slowing responses)
 * sampled per application, a trend fitted to them, and a restart before the predicted failure, as
 * the {@link org.swiftft.policy.RejuvenationPolicy} decides. The application rejuvenation of the
 * original SwiFT work.
 *
 * <p>Provisional (0.x): the rejuvenation issue will shape it.
 */
@Export
@Version("0.1.0")
package org.swiftft.rejuvenation;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
