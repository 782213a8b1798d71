package org.swiftft.launcher;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.swiftft.feature.internal.FeatureCatalog;
import org.swiftft.feature.internal.FeatureCatalog.UnknownFeatureException;
import org.swiftft.feature.internal.FeatureDescriptor;
import org.swiftft.feature.internal.FeatureInstaller;
import org.swiftft.feature.internal.FeatureInstaller.InstallException;

/**
 * {@code bin/swiftd}: starts Felix, installs the boot features, serves the control socket, and
 * stops cleanly on SIGTERM or {@code swift:shutdown}. In the foreground the Gogo console owns the
 * terminal; with {@code --background} there is no console and {@code bin/swift} is the way in.
 */
public final class Main {

    private static final long STOP_TIMEOUT_SECONDS = 30;

    private Main() {
    }

    public static void main(String[] args) {
        boolean background = Arrays.asList(args).contains("--background");
        Path home = Path.of(System.getProperty(LauncherProperties.HOME, ".")).toAbsolutePath().normalize();
        try {
            System.exit(run(home, background));
        } catch (StartupException e) {
            System.err.println("SwiFT: " + e.getMessage());
            System.exit(1);
        }
    }

    static int run(Path home, boolean background) throws StartupException {
        long started = System.nanoTime();
        Map<String, String> properties;
        try {
            properties = LauncherProperties.load(home, background);
        } catch (IOException e) {
            throw new StartupException(e.getMessage());
        }
        System.setProperty("gosh.home", home.toString()); // Gogo reads etc/gosh_profile from here
        if (background) {
            System.setProperty("org.jline.terminal.dumb", "true"); // no terminal: say so without a warning
        }
        RuntimeLock lock;
        try {
            lock = RuntimeLock.acquire(home);
        } catch (IOException e) {
            throw new StartupException(e.getMessage());
        }
        Framework framework = ServiceLoader.load(FrameworkFactory.class).iterator().next().newFramework(properties);
        AuditLog audit = null;
        ControlSocketServer control = null;
        try {
            framework.init();
            framework.start();
            installBootFeatures(framework, home, properties.get(LauncherProperties.BOOT_FEATURES));
            audit = new AuditLog(home.resolve("data/log/audit.log"));
            control = new ControlSocketServer(new ControlSocketPath(home), new GogoCommands(framework.getBundleContext()),
                    audit);
            control.start();
            ControlSocketServer socket = control;
            // SIGTERM: the JVM halts once the hooks end, so the hook itself must leave nothing behind.
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                stop(framework);
                closeQuietly(socket);
                closeQuietly(lock);
            }, "swift-sigterm"));
            lock.ready();
            System.out.printf("SwiFT %s started in %d ms (home %s)%n", version(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), home);
            FrameworkEvent stopped = framework.waitForStop(0);
            return stopped.getType() == FrameworkEvent.ERROR ? 1 : 0;
        } catch (BundleException | IOException | InstallException | UnknownFeatureException e) {
            stop(framework);
            throw new StartupException(withCause(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop(framework);
            return 1;
        } finally {
            closeQuietly(control);
            closeQuietly(audit);
            closeQuietly(lock);
        }
    }

    private static void installBootFeatures(Framework framework, Path home, String bootList)
            throws IOException, UnknownFeatureException, InstallException {
        FeatureCatalog catalog = FeatureCatalog.load(home.resolve("system/features"), home.resolve("system"));
        catalog.problems().forEach(problem -> System.err.println("SwiFT: feature descriptor skipped: " + problem));
        List<FeatureDescriptor> closure = new ArrayList<>();
        for (String name : bootList.split("[,\\s]+")) {
            if (name.isBlank()) {
                continue;
            }
            try {
                for (FeatureDescriptor feature : catalog.closure(name)) {
                    if (!closure.contains(feature)) {
                        closure.add(feature);
                    }
                }
            } catch (UnknownFeatureException e) {
                throw new IOException(home.resolve(LauncherProperties.FILE) + ": " + LauncherProperties.BOOT_FEATURES
                        + ": " + e.getMessage(), e);
            }
        }
        new FeatureInstaller(framework.getBundleContext(), catalog).install(closure);
    }

    private static void stop(Framework framework) {
        try {
            framework.stop();
            framework.waitForStop(TimeUnit.SECONDS.toMillis(STOP_TIMEOUT_SECONDS));
        } catch (BundleException e) {
            System.err.println("SwiFT: framework did not stop cleanly: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The message, and its cause's when it adds something (Felix's "Error creating bundle cache." does not say why). */
    private static String withCause(Exception e) {
        Throwable cause = e.getCause();
        if (cause == null || cause.getMessage() == null || e.getMessage().contains(cause.getMessage())) {
            return e.getMessage();
        }
        return e.getMessage() + " (" + cause + ")";
    }

    private static String version() {
        String version = Main.class.getPackage().getImplementationVersion();
        return version == null ? "" : version;
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable != null) {
            try {
                closeable.close();
            } catch (Exception e) {
                System.err.println("SwiFT: " + e.getMessage());
            }
        }
    }

    /** The runtime could not start; the message says what to fix. */
    static final class StartupException extends Exception {
        private static final long serialVersionUID = 1L;

        StartupException(String message) {
            super(message);
        }
    }
}
