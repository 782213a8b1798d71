package org.swiftft.journal.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "SwiFT journal",
        description = "A durable event journal for runtime components: etc/org.swiftft.journal-NAME.cfg; its files are state/NAME/journal.")
@interface JournalConfiguration {

    @AttributeDefinition(name = "Name", description = "Empty: the NAME of the file org.swiftft.journal-NAME.cfg.")
    String name() default "";

    @AttributeDefinition(name = "Durability", description = "every_append, group_commit or periodic (any case).")
    String durability() default "group_commit";

    @AttributeDefinition(name = "Commit window (µs)", description = "GROUP_COMMIT: how long the first appender of a batch may wait for others.")
    long commit_window_us() default 200;

    @AttributeDefinition(name = "Sync interval (ms)", description = "PERIODIC: fsync this often.")
    long sync_interval_ms() default 1_000;

    @AttributeDefinition(name = "Largest event (bytes)")
    int max_record_bytes() default 1 << 20;

    @AttributeDefinition(name = "Size cap (bytes)", description = "Appends fail once the segments reach it, until truncated.")
    long size_cap_bytes() default 1L << 30;

    @AttributeDefinition(name = "Segment size (bytes)", description = "A new segment file starts past this; truncation frees whole segments.")
    long segment_bytes() default 64L << 20;
}
