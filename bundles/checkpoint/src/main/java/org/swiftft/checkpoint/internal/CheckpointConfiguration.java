package org.swiftft.checkpoint.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "SwiFT checkpoint store",
        description = "A checkpoint store for runtime components: etc/org.swiftft.checkpoint-NAME.cfg; its files are state/NAME/checkpoints.")
@interface CheckpointConfiguration {

    @AttributeDefinition(name = "Name", description = "Empty: the NAME of the file org.swiftft.checkpoint-NAME.cfg.")
    String name() default "";

    @AttributeDefinition(name = "Interval (ms)", description = "Periodic checkpoints this often; 0: on demand only.")
    long interval_ms() default 0;

    @AttributeDefinition(name = "Retain", description = "How many checkpoints to keep (at least 1).")
    int retain() default 3;

    @AttributeDefinition(name = "Block size (bytes)", description = "Unit of change detection and of CRC32C.")
    int block_bytes() default 64 << 10;

    @AttributeDefinition(name = "Increments before compaction")
    int max_increments() default 8;

    @AttributeDefinition(name = "Size cap (bytes)", description = "A checkpoint fails once the retained files reach it.")
    long size_cap_bytes() default 4L << 30;
}
