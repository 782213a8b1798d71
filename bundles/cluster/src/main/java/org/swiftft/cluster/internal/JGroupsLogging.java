package org.swiftft.cluster.internal;

import java.util.IllegalFormatException;
import org.jgroups.logging.CustomLogFactory;
import org.jgroups.logging.Log;
import org.jgroups.logging.LogFactory;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

/**
 * Sends JGroups' log to the OSGi Log Service (the runtime's log), under the JGroups class's name,
 * instead of java.util.logging on the console. JGroups keeps its loggers in static fields, so the
 * factory is installed once and follows whichever cluster component is active now.
 */
final class JGroupsLogging implements CustomLogFactory {

    private static final JGroupsLogging INSTANCE = new JGroupsLogging();
    private static volatile LoggerFactory current;

    private JGroupsLogging() {
    }

    /** Installs the bridge before JGroups' protocols are loaded; later calls only switch the target. */
    static synchronized void install(LoggerFactory loggers) {
        current = loggers;
        if (LogFactory.getCustomLogFactory() != INSTANCE) {
            LogFactory.setCustomLogFactory(INSTANCE);
        }
    }

    @Override
    public Log getLog(Class<?> type) {
        return new Bridge(type.getName());
    }

    @Override
    public Log getLog(String name) {
        return new Bridge(name);
    }

    /** One JGroups logger; finds its OSGi logger at each call, since the component can change. */
    private static final class Bridge implements Log {

        private final String name;

        Bridge(String name) {
            this.name = name;
        }

        private Logger logger() {
            LoggerFactory factory = current;
            return factory == null ? null : factory.getLogger(name);
        }

        private static String format(String format, Object... args) {
            try {
                return String.format(format, args);
            } catch (IllegalFormatException e) {
                return format;
            }
        }

        @Override public boolean isFatalEnabled() { return isErrorEnabled(); }
        @Override public boolean isErrorEnabled() { Logger l = logger(); return l != null && l.isErrorEnabled(); }
        @Override public boolean isWarnEnabled() { Logger l = logger(); return l != null && l.isWarnEnabled(); }
        @Override public boolean isInfoEnabled() { Logger l = logger(); return l != null && l.isInfoEnabled(); }
        @Override public boolean isDebugEnabled() { Logger l = logger(); return l != null && l.isDebugEnabled(); }
        @Override public boolean isTraceEnabled() { Logger l = logger(); return l != null && l.isTraceEnabled(); }

        @Override public void fatal(String msg) { error(msg); }
        @Override public void fatal(String format, Object... args) { error(format, args); }
        @Override public void fatal(String msg, Throwable t) { error(msg, t); }

        @Override public void error(String msg) { if (isErrorEnabled()) logger().error(msg); }
        @Override public void error(String format, Object... args) { if (isErrorEnabled()) logger().error(format(format, args)); }
        @Override public void error(String msg, Throwable t) { if (isErrorEnabled()) logger().error(msg, t); }

        @Override public void warn(String msg) { if (isWarnEnabled()) logger().warn(msg); }
        @Override public void warn(String format, Object... args) { if (isWarnEnabled()) logger().warn(format(format, args)); }
        @Override public void warn(String msg, Throwable t) { if (isWarnEnabled()) logger().warn(msg, t); }

        @Override public void info(String msg) { if (isInfoEnabled()) logger().info(msg); }
        @Override public void info(String format, Object... args) { if (isInfoEnabled()) logger().info(format(format, args)); }

        @Override public void debug(String msg) { if (isDebugEnabled()) logger().debug(msg); }
        @Override public void debug(String format, Object... args) { if (isDebugEnabled()) logger().debug(format(format, args)); }
        @Override public void debug(String msg, Throwable t) { if (isDebugEnabled()) logger().debug(msg, t); }

        @Override public void trace(Object msg) { if (isTraceEnabled()) logger().trace(String.valueOf(msg)); }
        @Override public void trace(String msg) { if (isTraceEnabled()) logger().trace(msg); }
        @Override public void trace(String format, Object... args) { if (isTraceEnabled()) logger().trace(format(format, args)); }
        @Override public void trace(String msg, Throwable t) { if (isTraceEnabled()) logger().trace(msg, t); }

        /** Levels are the Log Service's to set (log:level), not JGroups'. */
        @Override public void setLevel(String level) { }
        @Override public String getLevel() { return isDebugEnabled() ? "debug" : isInfoEnabled() ? "info" : "warn"; }
    }
}
