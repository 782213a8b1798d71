/**
 * Detector: supervision of watched applications — launch, crash and hang verdicts, recovery per
 * {@link org.swiftft.policy.RestartPolicy}. This is the original watchd's local half (FtRegWatch,
 * FtDelWatch, restart and reboot threshold); hang detection itself lives in
 * {@code org.swiftft.heartbeat}, and moving an application to another host in
 * {@code org.swiftft.cluster}.
 *
 * <p>The types here use no OSGi class at run time, so libft can speak them outside a framework.
 */
@Export
@Version("1.2.0")
package org.swiftft.detector;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
