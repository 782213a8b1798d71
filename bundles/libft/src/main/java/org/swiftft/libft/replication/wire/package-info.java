/**
 * The wire formats of replay-mode replication shared by libft and the runtime (which embeds this
 * package privately): operations, and the protocol between a writing application and its runtime.
 * Not an API: applications use {@code org.swiftft.libft.replication}.
 */
package org.swiftft.libft.replication.wire;
