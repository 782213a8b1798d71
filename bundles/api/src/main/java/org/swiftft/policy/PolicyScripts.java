package org.swiftft.policy;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The policy engine, seen from the shell: which scripts it watches and how each one stands.
 *
 * <p>The engine loads every {@code *.groovy} of its scripts folder, registers each as a service of
 * the policy interface its class implements, and swaps the implementation in place when the file
 * changes, so a consumer always finds exactly one service per name. Scripts are trusted code: they
 * run with the runtime's permissions; the engine only guards against accidents (calls that never
 * return, {@code System.exit}).
 *
 * <p>Thread-safe.
 */
@ProviderType
public interface PolicyScripts {

    /** Every script the engine knows, sorted by name. */
    List<PolicyScriptDTO> scripts();

    /** One script by policy name. */
    Optional<PolicyScriptDTO> script(String name);

    /**
     * Compiles the script's file again now, as if it had changed.
     *
     * @return the script's state afterwards
     * @throws IllegalArgumentException if no script of that name exists in the scripts folder
     */
    PolicyScriptDTO reload(String name);
}
