package org.swiftft.shell.internal;

import java.lang.management.ManagementFactory;
import java.util.List;

import org.apache.felix.service.command.Descriptor;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/** {@code swift:} the runtime itself. */
@Component(service = RuntimeCommands.class, property = {"osgi.command.scope=swift",
        "osgi.command.function=version", "osgi.command.function=shutdown"})
public class RuntimeCommands {

    /** A name and a value, for commands that describe one thing. */
    public record Property(String name, String value) {
    }

    private BundleContext context;

    @Activate
    void activate(BundleContext context) {
        this.context = context;
    }

    @Descriptor("Show the versions of SwiFT, the framework and Java, the runtime's home and uptime")
    public Rows<Property> version() {
        Bundle system = context.getBundle(0);
        return new Rows<>(List.of(
                new Property("swift", context.getBundle().getHeaders().get("Implementation-Version")),
                new Property("framework", system.getSymbolicName() + " " + system.getVersion()),
                new Property("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version")),
                new Property("home", String.valueOf(context.getProperty("swift.home"))),
                new Property("uptime", Durations.of(ManagementFactory.getRuntimeMXBean().getUptime()))),
                Column.of("PROPERTY", Property::name), Column.of("VALUE", Property::value));
    }

    @Descriptor("Stop every application and bundle, then exit the runtime")
    public String shutdown() {
        Bundle system = context.getBundle(0);
        // Stopping on another thread lets this command's answer reach the caller first.
        Thread stopper = new Thread(() -> {
            try {
                system.stop();
            } catch (BundleException e) {
                throw new IllegalStateException("cannot stop the framework", e);
            }
        }, "swift-shutdown");
        stopper.start();
        return "SwiFT runtime shutting down";
    }
}
