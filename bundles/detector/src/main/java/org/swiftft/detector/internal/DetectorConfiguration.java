package org.swiftft.detector.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "SwiFT detector", description = "Supervision of watched applications.")
@interface DetectorConfiguration {

    @AttributeDefinition(name = "Reboot command",
            description = "Run through /bin/sh when a restart policy escalates to REBOOT. Empty: log it and mark the application FAILED.")
    String reboot_command() default "";
}
