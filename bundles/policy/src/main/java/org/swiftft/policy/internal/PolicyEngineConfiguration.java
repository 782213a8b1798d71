package org.swiftft.policy.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "SwiFT policy engine",
        description = "Compiles the Groovy policy scripts of a folder and reloads them when they change.")
@interface PolicyEngineConfiguration {

    @AttributeDefinition(name = "Scripts folder",
            description = "Folder of *.groovy policy scripts. Empty means the runtime's scripts/ folder (${swift.home}/scripts).")
    String scripts_dir() default "";

    @AttributeDefinition(name = "Call deadline (ms)",
            description = "How long a policy call may run before the caller gets a failure and applies its default.",
            min = "1")
    long call_deadline_ms() default 100;

    @AttributeDefinition(name = "Broken after timeouts",
            description = "Late calls in a row after which a policy is taken out of service until its file changes.",
            min = "1")
    int broken_after_timeouts() default 3;

    @AttributeDefinition(name = "Settle time (ms)",
            description = "Quiet time after a file event before the script is compiled, so that an editor's several writes make one reload.",
            min = "0")
    long settle_ms() default 50;

    @AttributeDefinition(name = "Call threads",
            description = "Most policy calls running at once (calls still stuck in a late script count).",
            min = "1")
    int max_call_threads() default 16;
}
