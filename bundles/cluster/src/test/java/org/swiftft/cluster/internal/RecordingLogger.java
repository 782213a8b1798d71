package org.swiftft.cluster.internal;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.osgi.service.log.Logger;

/** A Log Service logger for tests: prints each line and keeps it, with "{}" filled in. */
final class RecordingLogger {

    final List<String> lines = new CopyOnWriteArrayList<>();
    final Logger logger;

    RecordingLogger(String name) {
        logger = (Logger) Proxy.newProxyInstance(Logger.class.getClassLoader(), new Class<?>[] {Logger.class},
                (proxy, method, args) -> {
                    String level = method.getName();
                    if (level.startsWith("is")) {
                        return true;
                    }
                    if (level.equals("getName")) {
                        return name;
                    }
                    if (args == null || args.length == 0 || !(args[0] instanceof String format)) {
                        return null;
                    }
                    String line = level.toUpperCase() + " " + name + ": " + fill(format, args);
                    lines.add(line);
                    System.err.println(line);
                    return null;
                });
    }

    boolean saw(String text) {
        return lines.stream().anyMatch(line -> line.contains(text));
    }

    private static String fill(String format, Object[] call) {
        Object[] args = call.length == 2 && call[1] instanceof Object[] varargs ? varargs
                : java.util.Arrays.copyOfRange(call, 1, call.length);
        StringBuilder out = new StringBuilder();
        int next = 0;
        int at = 0;
        while (true) {
            int slot = format.indexOf("{}", at);
            if (slot < 0 || next >= args.length) {
                out.append(format.substring(at));
                break;
            }
            out.append(format, at, slot).append(args[next]);
            next++;
            at = slot + 2;
        }
        return out.toString();
    }
}
