package org.swiftft.feature;

/**
 * A feature could not be installed or uninstalled. The message names the feature and, for a
 * resolution failure, the requirement that could not be satisfied; the runtime is left as it was.
 */
public class FeatureException extends Exception {

    private static final long serialVersionUID = 1L;

    public FeatureException(String message) {
        super(message);
    }

    public FeatureException(String message, Throwable cause) {
        super(message, cause);
    }
}
