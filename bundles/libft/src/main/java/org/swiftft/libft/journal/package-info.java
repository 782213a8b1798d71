/**
 * Journal engine: a durable, append-only event journal in plain files — the message logging of
 * the original SwiFT libft and Winckp's input-event log. Plain Java, no OSGi needed:
 * {@link org.swiftft.libft.journal.Journals#open} gives an {@link org.swiftft.journal.Journal} on a
 * directory the application names; the journal bundle wraps the same engine as a service. The
 * on-disk format is documented in {@code docs/journal-format.md}.
 */
@Export
@Version("0.1.0")
package org.swiftft.libft.journal;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
