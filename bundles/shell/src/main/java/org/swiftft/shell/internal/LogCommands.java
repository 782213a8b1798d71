package org.swiftft.shell.internal;

import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogListener;
import org.osgi.service.log.LogReaderService;

/**
 * {@code log:} the OSGi log: recent entries, and following new ones. The framework's service
 * registration events are left out (dozens per bundle start, nothing an operator acts on);
 * {@code felix:log} shows everything.
 */
@Component(service = LogCommands.class, property = {"osgi.command.scope=log",
        "osgi.command.function=display", "osgi.command.function=tail"})
public class LogCommands {

    /** How the OSGi Log Service names the loggers of the framework's service events ("Events.Service.BSN"). */
    private static final String SERVICE_EVENTS = "Events.Service";

    @Reference
    private LogReaderService reader;

    @Descriptor("Show the 50 most recent log entries, oldest first")
    public Rows<LogEntry> display() {
        return display(50);
    }

    @Descriptor("Show the most recent log entries, oldest first")
    public Rows<LogEntry> display(@Descriptor("how many entries") int count) {
        if (count < 1) {
            throw new IllegalArgumentException("log:display shows at least one entry; asked for " + count);
        }
        List<LogEntry> entries = new ArrayList<>();
        Enumeration<LogEntry> newestFirst = reader.getLog();
        while (newestFirst.hasMoreElements() && entries.size() < count) {
            LogEntry entry = newestFirst.nextElement();
            if (worthShowing(entry)) {
                entries.add(entry);
            }
        }
        Collections.reverse(entries);
        return table(entries);
    }

    @Descriptor("Show the last entries, then each new entry as it is logged, until interrupted (Ctrl-C)")
    public void tail() throws InterruptedException {
        BlockingQueue<LogEntry> incoming = new LinkedBlockingQueue<>(10_000);
        LogListener listener = entry -> {
            if (worthShowing(entry)) {
                incoming.offer(entry);
            }
        };
        reader.addLogListener(listener);
        try {
            PrintStream out = System.out; // Gogo routes System.out to this session
            out.print(display(10).render());
            out.flush();
            while (!Thread.currentThread().isInterrupted()) {
                LogEntry entry = incoming.take();
                out.println(line(entry));
                out.flush();
            }
        } finally {
            reader.removeLogListener(listener);
        }
    }

    private static boolean worthShowing(LogEntry entry) {
        String logger = entry.getLoggerName();
        return logger == null || !logger.startsWith(SERVICE_EVENTS);
    }

    static String line(LogEntry entry) {
        return Instant.ofEpochMilli(entry.getTime()) + "  " + entry.getLogLevel() + "  " + bundle(entry) + "  "
                + message(entry);
    }

    private static Rows<LogEntry> table(List<LogEntry> entries) {
        return new Rows<>(entries,
                Column.of("TIME", e -> Instant.ofEpochMilli(e.getTime())),
                Column.of("LEVEL", LogEntry::getLogLevel),
                Column.of("BUNDLE", LogCommands::bundle),
                Column.of("MESSAGE", LogCommands::message));
    }

    private static String bundle(LogEntry entry) {
        return entry.getBundle() == null ? "-" : entry.getBundle().getSymbolicName();
    }

    private static String message(LogEntry entry) {
        Throwable exception = entry.getException();
        return exception == null ? entry.getMessage() : entry.getMessage() + " (" + exception + ")";
    }
}
