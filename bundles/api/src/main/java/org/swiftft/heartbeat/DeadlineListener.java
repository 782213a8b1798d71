package org.swiftft.heartbeat;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Told when a tracked application misses a deadline; implemented by the detector.
 *
 * <p>Called on the heartbeat bundle's deadline thread, once per missed deadline, after which the
 * application's deadlines are disarmed until it is tracked again (the detector stops and relaunches
 * it). Must return quickly: every application's deadlines share that thread. An exception thrown
 * here is logged and otherwise ignored.
 */
@ConsumerType
@FunctionalInterface
public interface DeadlineListener {

    void missed(MissedDeadline missed);

    /**
     * Told once per incarnation when READY or the first heartbeat arrives (the heartbeat clock
     * starts): the application is ready to serve. Called on the thread that received the message,
     * outside any lock; must return quickly.
     *
     * @since 1.1
     */
    default void ready(String application) {
    }
}
