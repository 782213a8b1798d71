/**
 * Checkpoint: an application's critical state — memory regions it writes directly and state
 * providers for heap objects — saved as one consistent, durable checkpoint and restored after a
 * restart or on a backup host. This is the original libft's t_ftmalloc / t_checkpoint / t_recover;
 * {@link org.swiftft.checkpoint.RecoverableState} adds the journal replay that SwiFT's
 * checkpoint-and-message-logging recovery is built on.
 *
 * <p>The types use no OSGi class at run time, so libft's engine implements them outside a framework.
 */
@Export
@Version("1.0.0")
package org.swiftft.checkpoint;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
