package org.swiftft.rejuvenation;

/**
 * One measurement of one symptom of one application.
 *
 * @param application the application's name
 * @param symptom     the symptom's name, such as {@code memory.rss}
 * @param time        when it was measured, milliseconds since the epoch
 * @param value       the value, in the symptom's unit
 */
public record SymptomSample(String application, String symptom, long time, double value) {
}
