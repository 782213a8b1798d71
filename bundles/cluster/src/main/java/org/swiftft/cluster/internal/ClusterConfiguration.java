package org.swiftft.cluster.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "SwiFT cluster",
        description = "This runtime as a member of a group of runtimes: etc/org.swiftft.cluster.cfg, the same on every member except member.")
@interface ClusterConfiguration {

    @AttributeDefinition(name = "Cluster name", description = "Runtimes with the same name (and secret) form one group.")
    String name() default "swift";

    @AttributeDefinition(name = "This member", description = "This runtime's name: one of the names in members.")
    String member() default "";

    @AttributeDefinition(name = "Members",
            description = "Every member as NAME=HOST:PORT (its group endpoint), on one line or as a list. The quorum counts them.")
    String[] members() default {};

    @AttributeDefinition(name = "Key file", description = "The shared secret (at least 16 bytes, mode 0600); relative paths are under the runtime's folder.")
    String key_file() default "";

    @AttributeDefinition(name = "Secret", description = "The shared secret itself (at least 16 characters), instead of a key file; only if this .cfg file is readable by its owner alone.")
    String secret() default "";

    @AttributeDefinition(name = "Discovery", description = "static: ask the members' endpoints (TCPPING); multicast: ask by IP multicast (MPING).")
    String discovery() default "static";

    @AttributeDefinition(name = "Multicast group", description = "With discovery = multicast: ADDRESS:PORT.")
    String multicast() default "228.8.8.8:45588";

    @AttributeDefinition(name = "Heartbeat interval (ms)", description = "Every member multicasts a heartbeat this often (FD_ALL3).")
    long heartbeat_interval_ms() default 200;

    @AttributeDefinition(name = "Heartbeat timeout (ms)", description = "A member not heard from for this long is suspected.")
    long heartbeat_timeout_ms() default 1_000;

    @AttributeDefinition(name = "Verify timeout (ms)", description = "A suspicion is confirmed if the suspect does not answer a direct ping within this (VERIFY_SUSPECT2).")
    long verify_timeout_ms() default 300;

    @AttributeDefinition(name = "Join timeout (ms)", description = "How long a join waits for the coordinator's answer, per attempt.")
    long join_timeout_ms() default 1_000;

    @AttributeDefinition(name = "Quorum tie-breaker",
            description = "With an even number of members: the member whose half of an even split keeps the quorum. Empty: a half never holds it.")
    String quorum_tiebreaker() default "";
}
