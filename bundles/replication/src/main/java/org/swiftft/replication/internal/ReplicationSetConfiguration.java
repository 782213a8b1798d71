package org.swiftft.replication.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "SwiFT replication set",
        description = "A directory kept identical on backup runtimes: etc/org.swiftft.replication-NAME.cfg, the same on every runtime of the set except listen.")
@interface ReplicationSetConfiguration {

    @AttributeDefinition(name = "Name", description = "Empty: the NAME of the file org.swiftft.replication-NAME.cfg.")
    String name() default "";

    @AttributeDefinition(name = "Directory", description = "The replicated directory; relative paths are under the runtime's folder.")
    String directory() default "";

    @AttributeDefinition(name = "Mode", description = "replay (applications write through libft) or copy (the directory is watched).")
    String mode() default "replay";

    @AttributeDefinition(name = "Consistency level", description = "async, received or durable: when a replay-mode write returns.")
    String level() default "durable";

    @AttributeDefinition(name = "Role", description = "primary or backup: this runtime's role until a role change (replication:role, the cluster) replaces it.")
    String role() default "backup";

    @AttributeDefinition(name = "Peers", description = "The set's other runtimes, each its listen address host:port; a primary ships to all of them.")
    String[] peers() default {};

    @AttributeDefinition(name = "Listen", description = "host:port where this runtime accepts its primary while it is a backup; loopback unless you name an address.")
    String listen() default "";

    @AttributeDefinition(name = "Key file", description = "The shared secret (at least 16 bytes, mode 0600); relative paths are under the runtime's folder.")
    String key_file() default "";

    @AttributeDefinition(name = "Secret", description = "The shared secret itself (at least 16 characters), instead of a key file; only if this .cfg file is readable by its owner alone.")
    String secret() default "";

    @AttributeDefinition(name = "Quiet interval (ms)", description = "Copy mode: how long a file must be unchanged before it is shipped.")
    long quiet_ms() default 2_000;

    @AttributeDefinition(name = "Replica log cap (bytes)", description = "A backup stops receiving above it until replay catches up.")
    long log_cap_bytes() default 1L << 30;

    @AttributeDefinition(name = "Backpressure (bytes)", description = "Bytes not yet durable on every backup beyond which writers on the primary wait.")
    long backpressure_bytes() default 64L << 20;

    @AttributeDefinition(name = "Degrade after (ms)", description = "How long a lost backup still holds back acknowledgements before the set goes on without it.")
    long degrade_after_ms() default 5_000;
}
