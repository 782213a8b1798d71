package org.swiftft.policy.internal;

import java.nio.file.Path;

import org.osgi.framework.ServiceRegistration;
import org.swiftft.policy.PolicyScriptDTO;
import org.swiftft.policy.PolicyScriptDTO.State;

/** What the engine keeps about one script file. Guarded by the engine's lock. */
final class ScriptEntry {

    final String name;
    final Path file;
    Class<?> policyInterface;
    ScriptCompiler.CompiledScript compiled;
    PolicyCallGuard guard;
    ServiceRegistration<?> registration;
    String loadedText;
    long loadedAt;
    String lastError;
    long lastErrorAt;

    ScriptEntry(String name, Path file) {
        this.name = name;
        this.file = file;
    }

    boolean isLive() {
        return registration != null;
    }

    PolicyScriptDTO toDTO() {
        PolicyScriptDTO dto = new PolicyScriptDTO();
        dto.name = name;
        dto.file = file.toString();
        dto.policyInterface = policyInterface == null ? null : policyInterface.getName();
        dto.state = state();
        dto.loadedAt = loadedAt;
        dto.lastError = lastError;
        dto.lastErrorAt = lastErrorAt;
        if (guard != null) {
            dto.calls = guard.calls();
            dto.failures = guard.failures();
            dto.timeouts = guard.timeouts();
        }
        return dto;
    }

    private State state() {
        if (!isLive()) {
            return State.FAILED;
        }
        if (guard.isBroken()) {
            return State.BROKEN;
        }
        return lastError == null ? State.ACTIVE : State.STALE;
    }
}
