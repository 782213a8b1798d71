package org.swiftft.feature.internal;

import java.util.List;
import java.util.Map;

/**
 * One feature descriptor: a file {@code system/features/NAME.json} in a subset of the OSGi Feature
 * JSON format (bundles by Maven coordinates, configurations by PID) plus {@code requires}, the
 * features that must be installed with it.
 *
 * @param name           the feature's short name, the file name without {@code .json}
 * @param description    one line for {@code feature:list}
 * @param requires       names of the features installed before this one
 * @param bundles        Maven coordinates {@code group:artifact:version}, in start order
 * @param configurations default configuration per PID, applied when the PID has none
 */
public record FeatureDescriptor(String name, String description, List<String> requires, List<String> bundles,
        Map<String, Map<String, Object>> configurations) {

    public FeatureDescriptor {
        requires = List.copyOf(requires);
        bundles = List.copyOf(bundles);
        configurations = Map.copyOf(configurations);
    }
}
