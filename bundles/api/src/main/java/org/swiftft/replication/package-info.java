/**
 * Replication: a directory kept identical on backup runtimes, in replay mode (operations shipped as
 * the application makes them through libft) or copy mode (changed files shipped when quiet). This
 * is the original REPL: the pump on the primary, the log keeper (Bcplog) and the replayer on each
 * backup.
 */
@Export
@Version("1.1.0")
package org.swiftft.replication;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
