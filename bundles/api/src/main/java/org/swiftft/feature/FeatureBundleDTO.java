package org.swiftft.feature;

/**
 * One bundle of a feature.
 */
public class FeatureBundleDTO {

    /** Maven coordinates {@code group:artifact:version} from the descriptor. */
    public String id;
    /** Bundle symbolic name once installed, else {@code null}. */
    public String symbolicName;
    /** Bundle id in the framework, or -1 if not installed. */
    public long bundleId = -1;
    /** {@code ACTIVE}, {@code RESOLVED}, {@code INSTALLED}, ... or {@code UNINSTALLED}. */
    public String state;
}
