package org.swiftft.rejuvenation;

/**
 * One symptom of one application and the trend fitted to it.
 */
public class SymptomTrendDTO {

    public String application;
    public String symptom;
    /** The latest sample, or {@code null} if none yet. */
    public SymptomSample last;
    /** Fitted growth per second. */
    public double slopePerSecond;
    /** The monitor's limit, or {@code NaN}. */
    public double limit = Double.NaN;
    /** Predicted milliseconds until the limit, or -1 if the trend never reaches it. */
    public long millisToLimit = -1;
    /** Samples the fit is based on. */
    public int samples;
    /** Samples that failed or were late. */
    public long failedSamples;
    /** The policy's last answer, one line, or {@code null}. */
    public String lastDecision;
    /** When the application was last rejuvenated, milliseconds since the epoch, or 0. */
    public long lastRejuvenatedAt;
}
