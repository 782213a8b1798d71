/**
 * The shared secret that peers of the runtime (replication sets, cluster members) prove to each
 * other, and how it is read from a configuration. Not an API: the runtime's bundles embed this
 * package privately.
 */
package org.swiftft.libft.peer;
