/**
 * Cluster: runtimes on several hosts forming one group — membership and failure detection of
 * hosts, a primary and backups per clustered application, and fail-over with no split brain. The
 * part of the original watchd that ran on every machine, pinged its ring neighbours (adaptive
 * diagnosis) and brought an application up on a backup host, with the cold and warm schemes chosen
 * by {@link org.swiftft.policy.ReplicationSchemePolicy} and the target by
 * {@link org.swiftft.policy.FailoverTargetPolicy}.
 */
@Export
@Version("1.1.0")
package org.swiftft.cluster;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
