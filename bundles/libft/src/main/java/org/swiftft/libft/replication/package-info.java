/**
 * Replicated files, the application side of replay-mode file replication — the original SwiFT's
 * REPL, which intercepted an application's file writes, done here as an explicit API:
 * {@link org.swiftft.libft.replication.ReplicatedFiles} writes a replication set's directory like
 * {@code Files} and {@code FileChannel} do, and hands each change to the local SwiFT runtime, which
 * ships it to the set's backups. Plain Java, no OSGi needed.
 */
@Export
@Version("1.0.0")
package org.swiftft.libft.replication;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
