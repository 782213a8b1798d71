/**
 * Durable file steps shared by the runtime's bundles for their own small state files. Not an API:
 * the bundles embed this package privately.
 */
package org.swiftft.libft.files;
