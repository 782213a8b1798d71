/**
 * Heartbeat client: what an application runs in its own process so that the SwiFT runtime can tell
 * a hung process from a busy one — the heartbeat half of the original SwiFT libft. Plain Java, no
 * OSGi needed: {@link org.swiftft.libft.heartbeat.HeartbeatClient} speaks the runtime's datagram
 * protocol ({@code <token> <verb> [args]} over UDP on loopback).
 */
@Export
@Version("0.1.0")
package org.swiftft.libft.heartbeat;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
