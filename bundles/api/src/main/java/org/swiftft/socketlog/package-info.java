/**
 * Socket logging: a proxy between clients and a server that logs what clients send, reconnects to
 * the server when it restarts (or fails over) and replays what its recovered state does not cover,
 * so clients keep their connections. The original libft's interception of socket calls (logging
 * outgoing messages, re-establishing endpoints, replay), as a proxy instead of interception.
 *
 * <p>Provisional (0.x): the socket-logging issue will shape it.
 */
@Export
@Version("0.1.0")
package org.swiftft.socketlog;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
