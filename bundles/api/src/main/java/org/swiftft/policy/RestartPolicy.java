package org.swiftft.policy;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Decides what to do after a watched application failed (crashed or hung): restart it after a
 * delay, move it to another host, reboot this host, or leave it stopped. This is the original
 * watchd's restart rule and its reboot threshold, made a script.
 *
 * <p>Called by the detector on its own thread, once per failure, with a deadline; a call that throws
 * or is late makes the detector apply its built-in default (restart after a fixed delay).
 * Implementations must be stateless or thread-safe: everything they need is in the context.
 */
@ConsumerType
public interface RestartPolicy {

    /**
     * @param failure the failure just seen and the application's recent failure history
     * @return what to do; never {@code null}
     */
    RestartDecision onFailure(FailureContext failure);
}
