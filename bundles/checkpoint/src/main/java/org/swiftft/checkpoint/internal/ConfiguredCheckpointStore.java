package org.swiftft.checkpoint.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.Designate;
import org.swiftft.checkpoint.CheckpointConstants;
import org.swiftft.checkpoint.CheckpointException;
import org.swiftft.checkpoint.CheckpointOptions;
import org.swiftft.checkpoint.CheckpointStore;
import org.swiftft.libft.checkpoint.Checkpoints;
import org.swiftft.libft.runtime.StateLayout;

/**
 * One {@code etc/org.swiftft.checkpoint-NAME.cfg}: the checkpoint store {@code NAME}, open while the
 * file exists, registered as a {@link CheckpointStore} service with
 * {@link CheckpointConstants#STORE_NAME}; its files are {@code state/@NAME/checkpoints}. The component
 * that uses it allocates its regions, registers its providers and recovers.
 */
@Component(service = {}, configurationPid = CheckpointConstants.STORE_FACTORY_PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = CheckpointConfiguration.class, factory = true)
public class ConfiguredCheckpointStore {

    @Reference(service = LoggerFactory.class)
    private Logger logger;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile EventAdmin events;

    private CheckpointStore store;
    private ServiceRegistration<CheckpointStore> registration;

    @Activate
    void activate(BundleContext context, CheckpointConfiguration config, Map<String, Object> properties) {
        String name = config.name().isBlank() ? nameFrom(properties) : config.name();
        try {
            CheckpointOptions options = options(config);
            store = Checkpoints.open(StateLayout.component(Path.of(java.util.Objects.requireNonNullElse(context.getProperty("swift.home"), ".")), name).resolve("checkpoints"),
                    name, options, new CheckpointEventPublisher(() -> events));
            Dictionary<String, Object> service = new Hashtable<>();
            service.put(CheckpointConstants.STORE_NAME, name);
            registration = context.registerService(CheckpointStore.class, store, service);
        } catch (CheckpointException | IOException | IllegalArgumentException e) {
            logger.error("checkpoint store {} ({}): not opened: {}", name, properties.get("felix.fileinstall.filename"),
                    e.getMessage());
        }
    }

    /** Each setting checked on its own, so that the message names the one that is wrong and what it may be. */
    static CheckpointOptions options(CheckpointConfiguration config) {
        atLeast("interval.ms", config.interval_ms(), 0);
        atLeast("retain", config.retain(), 1);
        atLeast("block.bytes", config.block_bytes(), 1);
        atLeast("max.increments", config.max_increments(), 0);
        atLeast("size.cap.bytes", config.size_cap_bytes(), 1);
        return new CheckpointOptions(config.interval_ms(), config.retain(), config.block_bytes(), config.max_increments(),
                config.size_cap_bytes());
    }

    private static void atLeast(String key, long value, long least) {
        if (value < least) {
            throw new IllegalArgumentException(key + " = " + value + " must be at least " + least);
        }
    }

    @Deactivate
    void deactivate() {
        if (registration != null) {
            registration.unregister();
        }
        if (store != null) {
            store.close();
        }
    }

    /** FileInstall names a factory configuration after its file: PID-NAME.cfg gives a service.pid ending ~NAME. */
    private static String nameFrom(Map<String, Object> properties) {
        String pid = String.valueOf(properties.get("service.pid"));
        return pid.substring(pid.lastIndexOf('~') + 1);
    }
}
