/**
 * Features: named sets of bundles and default configuration that an operator installs and removes
 * as one, so a runtime is composed from capabilities rather than from jars.
 */
@Export
@Version("1.0.0")
package org.swiftft.feature;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
