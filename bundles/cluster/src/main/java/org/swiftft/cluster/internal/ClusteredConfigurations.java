package org.swiftft.cluster.internal;

import java.io.IOException;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.log.Logger;

/** The clustered applications: the detector's watch configurations that name {@code cluster.hosts}. */
final class ClusteredConfigurations {

    static final String WATCH_FACTORY_PID = "org.swiftft.watch";

    private ClusteredConfigurations() {
    }

    /** Every watch configuration naming cluster.hosts, by application name. */
    static Map<String, Dictionary<String, ?>> read(ConfigurationAdmin configurations, Logger logger) {
        Map<String, Dictionary<String, ?>> applications = new TreeMap<>();
        try {
            Configuration[] found = configurations.listConfigurations(
                    "(&(service.factoryPid=" + WATCH_FACTORY_PID + ")(" + ClusteredApplication.HOSTS + "=*))");
            for (Configuration configuration : found == null ? new Configuration[0] : found) {
                Dictionary<String, Object> properties = configuration.getProperties();
                applications.put(applicationName(configuration.getPid(), properties), properties);
            }
        } catch (IOException | InvalidSyntaxException e) {
            logger.warn("cluster: cannot read the clustered watch configurations: {}", e.getMessage());
        }
        return applications;
    }

    /** The name key, or NAME of the file org.swiftft.watch-NAME.cfg, as the detector names it. */
    private static String applicationName(String pid, Dictionary<String, Object> properties) {
        Object name = properties.get("name");
        if (name != null && !String.valueOf(name).isBlank()) {
            return String.valueOf(name).strip();
        }
        Object file = properties.get("felix.fileinstall.filename");
        if (file != null) {
            String path = String.valueOf(file);
            String base = path.substring(path.lastIndexOf('/') + 1);
            if (base.startsWith(WATCH_FACTORY_PID + "-") && base.endsWith(".cfg")) {
                return base.substring(WATCH_FACTORY_PID.length() + 1, base.length() - 4);
            }
        }
        return pid;
    }

    static Map<String, ClusteredApplication> parse(Map<String, Dictionary<String, ?>> clustered, Set<String> members,
            Logger logger) {
        Map<String, ClusteredApplication> applications = new HashMap<>();
        clustered.forEach((name, properties) -> {
            try {
                applications.put(name, ClusteredApplication.from(name, properties, members));
            } catch (RuntimeException e) {
                logger.error("cluster: {} is not clustered: {}", name, e.getMessage());
            }
        });
        return applications;
    }

}
