package org.swiftft.launcher;

import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;

import org.osgi.framework.BundleContext;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Runs one command line in a Gogo session of the running framework. The launcher lives on the
 * JVM's class path, where Gogo's API is not visible (it belongs to the Gogo runtime bundle), so the
 * four calls it needs go through reflection on the interfaces that bundle exports.
 */
final class GogoCommands {

    private static final String PROCESSOR = "org.apache.felix.service.command.CommandProcessor";
    private static final String SESSION = "org.apache.felix.service.command.CommandSession";
    private static final int INSPECT = 0; // Converter.INSPECT: the full, multi-line rendering

    private static final long WAIT_FOR_SHELL_MS = 10_000;

    private final ServiceTracker<Object, Object> processors;

    GogoCommands(BundleContext context) {
        this.processors = new ServiceTracker<>(context, PROCESSOR, null);
        this.processors.open(true); // the CommandProcessor class is not ours to see: track by name
    }

    /**
     * Executes {@code command}, writing its output and its formatted result to {@code out}.
     *
     * @throws Exception what the command threw, unwrapped
     */
    void execute(String command, InputStream in, OutputStream out, OutputStream err) throws Exception {
        Object processor = awaitProcessor();
        ClassLoader gogo = processor.getClass().getClassLoader();
        Class<?> processorType = gogo.loadClass(PROCESSOR);
        Class<?> sessionType = gogo.loadClass(SESSION);
        Method createSession = processorType.getMethod("createSession", InputStream.class, OutputStream.class,
                OutputStream.class);
        Object session = createSession.invoke(processor, in, out, err);
        try {
            Method execute = sessionType.getMethod("execute", CharSequence.class);
            Object result = unwrap(() -> execute.invoke(session, command));
            if (result != null) {
                Method format = sessionType.getMethod("format", Object.class, int.class);
                String rendered = String.valueOf(unwrap(() -> format.invoke(session, result, INSPECT)));
                out.write(rendered.getBytes(StandardCharsets.UTF_8));
                if (!rendered.endsWith("\n")) {
                    out.write('\n');
                }
            }
            out.flush();
        } finally {
            sessionType.getMethod("close").invoke(session);
        }
    }

    private Object awaitProcessor() throws InterruptedException {
        Object processor = processors.waitForService(WAIT_FOR_SHELL_MS);
        if (processor == null) {
            throw new IllegalStateException("the Gogo shell is not running (the 'shell' feature is not installed);"
                    + " stop the runtime with kill -TERM $(cat data/swiftd.pid) and add 'shell' to swift.features.boot");
        }
        return processor;
    }

    private interface Call {
        Object run() throws Exception;
    }

    private static Object unwrap(Call call) throws Exception {
        try {
            return call.run();
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception exception) {
                throw exception;
            }
            throw new IllegalStateException(cause);
        }
    }
}
