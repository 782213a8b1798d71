/**
 * The connection from an application to its local SwiFT runtime — the self-registration of the
 * original libft (FtRegWatch, FtDelWatch) and the channel for the runtime's requests to the
 * application (take a checkpoint, prepare to stop, promote). Plain Java, no OSGi needed: a local Unix
 * stream socket and the text protocol described in the README.
 */
@Export
@Version("0.1.0")
package org.swiftft.libft.runtime;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
