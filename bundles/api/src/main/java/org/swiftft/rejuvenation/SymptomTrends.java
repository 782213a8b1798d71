package org.swiftft.rejuvenation;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * What the rejuvenation bundle sees now: every sampled symptom and its trend. Read-only; actions
 * are the policy's and are carried out through the detector. Thread-safe.
 */
@ProviderType
public interface SymptomTrends {

    /** Every (application, symptom) sampled, sorted. */
    List<SymptomTrendDTO> trends();

    /** The trends of one application; empty if none. */
    List<SymptomTrendDTO> trends(String application);
}
