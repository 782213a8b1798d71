/**
 * Checkpoint engine: an application's critical state — off-heap regions it writes directly and
 * providers of heap state — captured as consistent, durable, incremental checkpoints and restored
 * after a restart (the original libft's t_ftmalloc / t_checkpoint / t_recover), and combined with
 * a journal into one recoverable state ({@link org.swiftft.libft.checkpoint.Checkpoints#recoverable}).
 * Plain Java, no OSGi needed; the format is {@code docs/checkpoint-format.md}.
 */
@Export
@Version("0.1.0")
package org.swiftft.libft.checkpoint;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
