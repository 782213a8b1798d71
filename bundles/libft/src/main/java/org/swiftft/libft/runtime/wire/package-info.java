/**
 * The wire format of the application control connection, shared by libft and the runtime (which
 * embeds this package privately). Not an API: applications use {@code org.swiftft.libft.runtime}.
 */
package org.swiftft.libft.runtime.wire;
