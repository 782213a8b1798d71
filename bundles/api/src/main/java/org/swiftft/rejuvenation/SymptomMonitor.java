package org.swiftft.rejuvenation;

import java.util.OptionalDouble;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Measures one symptom of a running application; a whiteboard service with
 * {@link RejuvenationConstants#SYMPTOM_NAME}, picked up by the rejuvenation bundle.
 *
 * <p>Called on the rejuvenation bundle's bounded pool, with a deadline, for one application at a
 * time; a call that throws or is late gives no sample, is counted, and never delays another
 * application's sampling. Must be thread-safe.
 */
@ConsumerType
public interface SymptomMonitor {

    /**
     * @param application the application's name
     * @param pid         its process
     * @return the value now, or empty if it cannot be measured for this application
     */
    OptionalDouble sample(String application, long pid) throws Exception;

    /**
     * The value at which the application is expected to fail (for example its memory limit), or
     * {@code NaN} if none is known; the trend's time to reach it is what policies act on.
     */
    default double limit(String application) {
        return Double.NaN;
    }
}
