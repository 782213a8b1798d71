/**
 * Journal: a durable, append-only log of an application's input events — the message logging of
 * the original libft and Winckp's input-event log, generalised — replayed in order after a restart.
 *
 * <p>This package depends on no other SwiFT package: the socket-logging proxy and applications use
 * a journal without checkpoints. The types use no OSGi class at run time, so libft's engine
 * implements them outside a framework.
 */
@Export
@Version("1.0.0")
package org.swiftft.journal;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
