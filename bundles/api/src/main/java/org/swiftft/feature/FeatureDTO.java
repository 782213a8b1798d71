package org.swiftft.feature;

import java.util.List;

/**
 * One feature as the runtime sees it now.
 */
public class FeatureDTO {

    /** The feature's short name, such as {@code policy}. */
    public String name;
    /** One line saying what the feature gives. */
    public String description;
    /** Names of the features this one needs installed. */
    public List<String> requires;
    /** Whether every bundle of the feature is installed. */
    public boolean installed;
    /** The feature's bundles, in install order. */
    public List<FeatureBundleDTO> bundles;
}
