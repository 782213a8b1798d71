package org.swiftft.policy.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.swiftft.policy.FailureContext;
import org.swiftft.policy.RestartDecision;
import org.swiftft.policy.RestartPolicy;

class ScriptCompilerTest {

    @TempDir
    Path folder;

    private final ScriptCompiler compiler = new ScriptCompiler(ScriptPolicyEngine.POLICY_INTERFACES,
            ScriptCompilerTest.class.getClassLoader());

    @Test
    void scriptImplementingRestartPolicyCompilesAndAnswers() throws Exception {
        Path file = write("fixed.groovy", """
                import org.swiftft.policy.*
                class Fixed implements RestartPolicy {
                    RestartDecision onFailure(FailureContext f) { RestartDecision.restartAfter(42, 'fixed') }
                }
                """);
        ScriptCompiler.CompiledScript compiled = compile(file);
        assertEquals(RestartPolicy.class, compiled.policyInterface());
        RestartPolicy policy = (RestartPolicy) compiled.implementation().getDeclaredConstructor().newInstance();
        RestartDecision decision = policy.onFailure(new FailureContext("app", "CRASH", "exit 1", 0, 0,
                java.util.List.of(0L), 1));
        assertEquals(42, decision.delayMillis());
    }

    @Test
    void syntaxErrorNamesFileLineAndColumn() throws IOException {
        Path file = write("broken.groovy", "import org.swiftft.policy.*\nclass B implements RestartPolicy {\n  RestartDecision onFailure(FailureContext f) { return ( }\n}\n");
        ScriptException error = assertThrows(ScriptException.class, () -> compile(file));
        assertTrue(error.getMessage().startsWith(file + ":3:"), error.getMessage());
    }

    @Test
    void systemExitIsRejectedAtCompileTime() throws IOException {
        Path file = write("exits.groovy", """
                import org.swiftft.policy.*
                class Exits implements RestartPolicy {
                    RestartDecision onFailure(FailureContext f) {
                        System.exit(1)
                    }
                }
                """);
        ScriptException error = assertThrows(ScriptException.class, () -> compile(file));
        assertTrue(error.getMessage().contains(":4:") && error.getMessage().contains("System.exit"), error.getMessage());
    }

    @Test
    void runtimeHaltIsRejectedAtCompileTime() throws IOException {
        Path file = write("halts.groovy", """
                import org.swiftft.policy.*
                class Halts implements RestartPolicy {
                    RestartDecision onFailure(FailureContext f) { Runtime.getRuntime().halt(0) }
                }
                """);
        ScriptException error = assertThrows(ScriptException.class, () -> compile(file));
        assertTrue(error.getMessage().contains("Runtime.halt"), error.getMessage());
    }

    @Test
    void groovyPropertyFormOfRuntimeHaltIsRejected() throws IOException {
        Path file = write("halts-too.groovy", """
                import org.swiftft.policy.*
                class HaltsToo implements RestartPolicy {
                    HaltsToo() { Runtime.runtime.halt(0) }
                    RestartDecision onFailure(FailureContext f) { null }
                }
                """);
        ScriptException error = assertThrows(ScriptException.class, () -> compile(file));
        assertTrue(error.getMessage().contains(":3:") && error.getMessage().contains("Runtime.halt"), error.getMessage());
    }

    @Test
    void classWithoutPolicyInterfaceIsRefusedWithAHint() throws IOException {
        Path file = write("plain.groovy", "class Plain { }\n");
        ScriptException error = assertThrows(ScriptException.class, () -> compile(file));
        assertTrue(error.getMessage().contains("no class implements a policy interface"), error.getMessage());
    }

    @Test
    void policyClassIsFoundAfterHelperClassesAndScriptStatements() throws Exception {
        Path file = write("helped.groovy", """
                import org.swiftft.policy.*
                def unused = 3
                class Limits { static final long DELAY = 7 }
                class Helped implements RestartPolicy {
                    RestartDecision onFailure(FailureContext f) { RestartDecision.restartAfter(Limits.DELAY, 'helped') }
                }
                """);
        ScriptCompiler.CompiledScript compiled = compile(file);
        assertEquals("Helped", compiled.implementation().getSimpleName());
    }

    @Test
    void twoPolicyClassesInOneFileAreRefused() throws IOException {
        Path file = write("two.groovy", """
                import org.swiftft.policy.*
                class One implements RestartPolicy { RestartDecision onFailure(FailureContext f) { null } }
                class Two implements RestartPolicy { RestartDecision onFailure(FailureContext f) { null } }
                """);
        ScriptException error = assertThrows(ScriptException.class, () -> compile(file));
        assertTrue(error.getMessage().contains("several classes") && error.getMessage().contains("One")
                && error.getMessage().contains("Two"), error.getMessage());
    }

    private ScriptCompiler.CompiledScript compile(Path file) throws IOException, ScriptException {
        return compiler.compile(file, Files.readString(file));
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(folder.resolve(name), text);
    }
}
