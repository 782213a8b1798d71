package org.swiftft.replication.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.Designate;
import org.swiftft.libft.runtime.StateLayout;
import org.swiftft.replication.ReplicationConstants;

/**
 * One {@code etc/org.swiftft.replication-NAME.cfg}: the set {@code NAME}, running in its role while
 * the file exists. Its state (pump log, replica log, role and epoch) is {@code state/@replication/NAME}.
 * A set that cannot start (a missing secret, a port in use) is not added; the log says why and
 * {@code replication:list} does not show it.
 */
@Component(service = {}, configurationPid = ReplicationConstants.SET_FACTORY_PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = ReplicationSetConfiguration.class, factory = true)
public class ConfiguredReplicationSet {

    @Reference(service = LoggerFactory.class)
    private Logger logger;

    @Reference
    private ReplicationSetsService registry;

    private ReplicationSetRunner runner;
    private String failedName;

    @Activate
    void activate(BundleContext context, ReplicationSetConfiguration config, Map<String, Object> properties) {
        String name = config.name().isBlank() ? nameFrom(properties) : config.name();
        Object file = properties.getOrDefault("felix.fileinstall.filename", "its configuration");
        List<String> unknown = SetSettings.unknownKeys(properties);
        if (!unknown.isEmpty()) {
            logger.warn("replication set {} ({}): {} ignored: no such setting; the settings are {}", name, file,
                    String.join(", ", unknown), String.join(", ", new java.util.TreeSet<>(SetSettings.KEYS)));
        }
        try {
            Path home = Path.of(Objects.requireNonNullElse(context.getProperty("swift.home"), "."));
            SetSettings settings = SetSettings.of(config, name, home, properties);
            registry.checkDirectory(name, settings.directory());
            ReplicationSetRunner started = new ReplicationSetRunner(settings,
                    StateLayout.component(home, "replication").resolve(name), registry.events(),
                    logger);
            started.start();
            registry.add(started);
            runner = started;
            logger.info("replication set {}: {} of {} in {} mode, {}", name, started.role(), settings.directory(),
                    settings.mode(), settings.level());
        } catch (IOException | IllegalArgumentException e) {
            logger.error("replication set {} ({}): not started: {}", name, file, e.getMessage());
            registry.notStarted(name, e.getMessage()); // shown by replication:list until the file is fixed
            failedName = name;
        }
    }

    @Deactivate
    void deactivate() {
        if (failedName != null) {
            registry.forgetFailed(failedName);
        }
        if (runner != null) {
            registry.remove(runner);
            try {
                runner.close();
            } catch (IOException e) {
                logger.error("replication set {} did not stop cleanly: {}", runner.name(), e.getMessage());
            }
        }
    }

    /** FileInstall names a factory configuration after its file: PID-NAME.cfg gives a service.pid ending ~NAME. */
    private static String nameFrom(Map<String, Object> properties) {
        String pid = String.valueOf(properties.get("service.pid"));
        return pid.substring(pid.lastIndexOf('~') + 1);
    }
}
