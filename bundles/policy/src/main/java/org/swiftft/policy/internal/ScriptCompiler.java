package org.swiftft.policy.internal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import org.codehaus.groovy.control.CompilationFailedException;
import org.codehaus.groovy.control.CompilerConfiguration;
import org.codehaus.groovy.control.MultipleCompilationErrorsException;
import org.codehaus.groovy.control.customizers.ASTTransformationCustomizer;
import org.codehaus.groovy.control.messages.ExceptionMessage;
import org.codehaus.groovy.control.messages.Message;
import org.codehaus.groovy.control.messages.SimpleMessage;
import org.codehaus.groovy.control.messages.SyntaxErrorMessage;
import org.codehaus.groovy.runtime.InvokerHelper;
import org.codehaus.groovy.syntax.SyntaxException;

import groovy.lang.GroovyClassLoader;
import groovy.transform.ThreadInterrupt;

/**
 * Compiles one policy script into its class and finds which policy interface it implements.
 * Every script gets a class loader of its own, so an old version is collected once its service is
 * gone. Loops and method bodies are compiled with interrupt checks, so a call that runs past its
 * deadline can be stopped.
 */
final class ScriptCompiler {

    /** The policy interfaces a script may implement, in the order they are reported. */
    private final List<Class<?>> policyInterfaces;
    private final ClassLoader parent;

    ScriptCompiler(List<Class<?>> policyInterfaces, ClassLoader apiLoader) {
        this.policyInterfaces = List.copyOf(policyInterfaces);
        this.parent = new ScriptParentClassLoader(GroovyClassLoader.class.getClassLoader(), apiLoader);
    }

    /** The result of a compilation: the script's class, the policy interface it implements, its loader. */
    record CompiledScript(Class<?> policyInterface, Class<?> implementation, String sourceText,
            GroovyClassLoader loader) {

        /** Lets this version's classes be collected, once no service hands out its instance any more. */
        void release() {
            ScriptCompiler.release(loader);
        }
    }

    /**
     * Groovy keeps the meta classes of every class it has seen in global caches: without removing
     * them, each reload (and each reinstall of this bundle) would leave its classes behind.
     */
    static void release(GroovyClassLoader loader) {
        for (Class<?> type : loader.getLoadedClasses()) {
            InvokerHelper.removeClass(type);
        }
        loader.clearCache();
        try {
            loader.close();
        } catch (java.io.IOException e) {
            // a GroovyClassLoader opens nothing to close for scripts compiled from text
        }
    }

    /**
     * @param file the script's file, for messages and stack traces
     * @param text the file's content, as read by the caller
     */
    CompiledScript compile(Path file, String text) throws ScriptException {
        GroovyClassLoader loader = newLoader();
        try {
            return policyClassOf(file, parse(file, text, loader), text, loader);
        } catch (ScriptException | RuntimeException e) {
            release(loader);
            throw e;
        }
    }

    private GroovyClassLoader newLoader() {
        CompilerConfiguration configuration = new CompilerConfiguration();
        configuration.setSourceEncoding(StandardCharsets.UTF_8.name());
        configuration.addCompilationCustomizers(new ASTTransformationCustomizer(ThreadInterrupt.class),
                new ExitCallGuard());
        return new GroovyClassLoader(parent, configuration);
    }

    /** Every class the file defines: helper classes, a script body, closures. */
    private Class<?>[] parse(Path file, String text, GroovyClassLoader loader) throws ScriptException {
        try {
            loader.parseClass(text, file.getFileName().toString());
            return loader.getLoadedClasses();
        } catch (MultipleCompilationErrorsException e) {
            throw new ScriptException(describe(file, e), e);
        } catch (CompilationFailedException | LinkageError e) {
            throw new ScriptException(file + ": " + e.getMessage(), e);
        }
    }

    /** The one class of the file that implements a policy interface; none or several is an error. */
    private CompiledScript policyClassOf(Path file, Class<?>[] classes, String text, GroovyClassLoader loader)
            throws ScriptException {
        List<CompiledScript> policies = new ArrayList<>();
        for (Class<?> candidate : classes) {
            for (Class<?> policyInterface : policyInterfaces) {
                if (policyInterface.isAssignableFrom(candidate) && !candidate.isInterface()) {
                    policies.add(new CompiledScript(policyInterface, candidate, text, loader));
                    break;
                }
            }
        }
        if (policies.size() == 1) {
            return policies.get(0);
        }
        if (policies.isEmpty()) {
            String known = policyInterfaces.stream().map(Class::getSimpleName).collect(Collectors.joining(", "));
            throw new ScriptException(file + ": no class implements a policy interface; declare one"
                    + " 'class Name implements <one of " + known + ">' (import org.swiftft.policy.*)");
        }
        throw new ScriptException(file + ": several classes implement a policy interface ("
                + policies.stream().map(p -> p.implementation().getSimpleName()).collect(Collectors.joining(", "))
                + "); keep one policy per file");
    }

    /** Every compiler error as {@code file:line:column: message}, one per line. */
    static String describe(Path file, MultipleCompilationErrorsException e) {
        List<String> lines = new ArrayList<>();
        for (Message message : e.getErrorCollector().getErrors()) {
            lines.add(describe(file, message));
        }
        return lines.isEmpty() ? file + ": " + e.getMessage() : String.join("\n", lines);
    }

    private static String describe(Path file, Message message) {
        if (message instanceof SyntaxErrorMessage syntax) {
            SyntaxException cause = syntax.getCause();
            return file + ":" + cause.getLine() + ":" + cause.getStartColumn() + ": "
                    + cause.getOriginalMessage();
        }
        if (message instanceof ExceptionMessage exception) {
            return file + ": " + exception.getCause();
        }
        if (message instanceof SimpleMessage simple) {
            return file + ": " + simple.getMessage();
        }
        return file + ": " + Arrays.toString(new Object[] {message});
    }
}
