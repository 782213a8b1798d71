/**
 * Heartbeat: deadlines a process must meet to be considered alive — a periodic heartbeat and
 * per-region deadlines in the spirit of the original libft's FtHbeat(thread, timeout) — and the
 * language-neutral datagram protocol and sd_notify socket that carry them. A missed deadline is
 * reported to the detector, which turns it into a hang verdict.
 */
@Export
@Version("1.1.0")
package org.swiftft.heartbeat;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
