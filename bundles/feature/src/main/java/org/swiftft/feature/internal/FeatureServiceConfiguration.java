package org.swiftft.feature.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "SwiFT features", description = "Where feature descriptors and their bundles are.")
@interface FeatureServiceConfiguration {

    @AttributeDefinition(name = "Features folder",
            description = "Folder of *.json feature descriptors. Empty means ${swift.home}/system/features.")
    String features_dir() default "";

    @AttributeDefinition(name = "Bundle repository",
            description = "Maven-layout folder holding the features' bundles. Empty means ${swift.home}/system.")
    String repository_dir() default "";
}
