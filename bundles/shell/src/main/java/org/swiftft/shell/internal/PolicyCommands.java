package org.swiftft.shell.internal;

import java.time.Instant;
import java.util.List;

import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.swiftft.policy.PolicyScriptDTO;
import org.swiftft.policy.PolicyScripts;

/** {@code policy:} the Groovy policy scripts. */
@Component(service = PolicyCommands.class, property = {"osgi.command.scope=policy",
        "osgi.command.function=list", "osgi.command.function=reload", "osgi.command.function=error"})
public class PolicyCommands {

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile PolicyScripts scripts;

    @Descriptor("List the policy scripts: name, interface, state, last load time, last error")
    public Rows<PolicyScriptDTO> list() {
        return table(engine().scripts());
    }

    @Descriptor("Compile a policy script again now, as if its file had changed")
    public Rows<PolicyScriptDTO> reload(@Descriptor("policy name (file name without .groovy)") String name) {
        return table(List.of(engine().reload(name)));
    }

    @Descriptor("Show a policy script's last error in full (every compiler message)")
    public String error(@Descriptor("policy name") String name) {
        PolicyScriptDTO script = engine().script(name).orElseThrow(() -> new IllegalArgumentException(
                "no policy script '" + name + "' (policy:list shows them)"));
        return script.lastError == null ? name + ": no error" : script.lastError;
    }

    private PolicyScripts engine() {
        PolicyScripts engine = scripts;
        if (engine == null) {
            throw new IllegalStateException("the policy engine is not running: feature:install policy");
        }
        return engine;
    }

    private static Rows<PolicyScriptDTO> table(List<PolicyScriptDTO> scripts) {
        return new Rows<>(scripts,
                Column.of("NAME", s -> s.name),
                Column.of("INTERFACE", s -> s.policyInterface == null ? "-"
                        : s.policyInterface.substring(s.policyInterface.lastIndexOf('.') + 1)),
                Column.of("STATE", s -> s.state),
                Column.of("LOADED", s -> s.loadedAt == 0 ? "-" : Instant.ofEpochMilli(s.loadedAt).toString()),
                Column.of("CALLS", s -> s.calls),
                Column.of("TIMEOUTS", s -> s.timeouts),
                Column.of("LAST ERROR", s -> s.lastError == null ? "" : s.lastError));
    }
}
