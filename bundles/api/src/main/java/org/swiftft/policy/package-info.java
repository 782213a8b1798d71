/**
 * Policies: what SwiFT decides, as opposed to how it acts.
 *
 * <p>Every policy interface of every capability lives here, so that a Groovy script under
 * {@code scripts/} needs to import one package. A policy is a plain object; the policy engine
 * compiles each script, wraps it in a guard that enforces a deadline per call, and registers it as
 * an OSGi service of its interface with the property {@link org.swiftft.policy.PolicyConstants#POLICY_NAME}.
 * In the original SwiFT these choices were hard-wired in watchd (restart, then reboot past a
 * threshold; cold or warm backup; the next host in the ring); here they are scripts an operator edits
 * while the runtime runs.
 */
@Export
@Version("1.0.0")
package org.swiftft.policy;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
