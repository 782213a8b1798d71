package org.swiftft.feature.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.Designate;
import org.swiftft.feature.FeatureBundleDTO;
import org.swiftft.feature.FeatureDTO;
import org.swiftft.feature.FeatureException;
import org.swiftft.feature.FeatureService;
import org.swiftft.feature.internal.FeatureCatalog.UnknownFeatureException;
import org.swiftft.feature.internal.FeatureInstaller.InstallException;

/**
 * The feature service of a running runtime. A feature counts as installed when all its bundles are
 * installed from the catalog's locations, so the launcher's boot installs need no hand-over.
 */
// Immediate: activation applies the boot features' default configuration, which must not wait for a first caller.
@Component(service = FeatureService.class, configurationPid = "org.swiftft.feature", immediate = true)
@Designate(ocd = FeatureServiceConfiguration.class)
public class FeatureServiceComponent implements FeatureService {

    private static final String LIFELINES = "(|(objectClass=" + FeatureService.class.getName() + ")"
            + "(objectClass=org.apache.felix.service.command.CommandProcessor)(osgi.command.scope=feature))";

    @Reference(service = LoggerFactory.class)
    private Logger logger;

    @Reference
    private ConfigurationAdmin configurationAdmin;

    private BundleContext context;
    private String home;
    private Path repository;
    private Path featuresFolder;
    // Read again at every call, so a descriptor added to system/features/ is seen without a restart.
    private FeatureCatalog catalog;
    private FeatureInstaller installer;
    private List<String> reportedProblems = List.of();

    @Activate
    void activate(BundleContext context, FeatureServiceConfiguration config) throws IOException {
        this.context = context;
        this.home = context.getProperty("swift.home") == null ? "." : context.getProperty("swift.home");
        this.repository = folder(config.repository_dir(), "system");
        this.featuresFolder = config.features_dir().isBlank() ? repository.resolve("features")
                : Path.of(config.features_dir()).toAbsolutePath().normalize();
        readCatalog();
        for (FeatureDescriptor feature : catalog.features()) {
            if (isInstalled(feature)) {
                applyDefaultConfigurations(feature);
            }
        }
    }

    private void readCatalog() throws IOException {
        catalog = FeatureCatalog.load(featuresFolder, repository);
        installer = new FeatureInstaller(context, catalog);
        if (!catalog.problems().equals(reportedProblems)) { // each bad file once, not at every feature:list
            catalog.problems().forEach(problem -> logger.error("Feature descriptor skipped: {}", problem));
            reportedProblems = catalog.problems();
        }
    }

    private void refreshCatalog() throws FeatureException {
        try {
            readCatalog();
        } catch (IOException e) {
            throw new FeatureException(e.getMessage(), e);
        }
    }

    private Path folder(String configured, String defaultUnderHome) {
        return (configured.isBlank() ? Path.of(home, defaultUnderHome) : Path.of(configured)).toAbsolutePath().normalize();
    }

    @Override
    public synchronized List<FeatureDTO> features() {
        try {
            refreshCatalog();
        } catch (FeatureException e) {
            logger.error("Feature descriptors not read again, showing the last ones read: {}", e.getMessage());
        }
        return catalog.features().stream().map(this::toDTO).toList();
    }

    @Override
    public synchronized FeatureDTO install(String name) throws FeatureException {
        refreshCatalog();
        try {
            List<FeatureDescriptor> closure = catalog.closure(name);
            installer.install(closure);
            for (FeatureDescriptor feature : closure) {
                applyDefaultConfigurations(feature);
            }
            logger.info("Feature '{}' installed", name);
            return toDTO(catalog.feature(name));
        } catch (UnknownFeatureException e) {
            throw new FeatureException(e.getMessage());
        } catch (InstallException e) {
            logger.error("Feature '{}' not installed, the runtime is as it was: {}", name, e.getMessage());
            throw new FeatureException("feature '" + name + "' not installed, the runtime is as it was: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public synchronized FeatureDTO uninstall(String name) throws FeatureException {
        refreshCatalog();
        try {
            FeatureDescriptor feature = catalog.feature(name);
            if (feature.bundles().isEmpty()) {
                throw new FeatureException("feature '" + name + "' only groups " + String.join(", ", feature.requires())
                        + "; uninstall those instead");
            }
            List<String> dependents = installedDependents(name);
            if (!dependents.isEmpty()) {
                throw new FeatureException("feature '" + name + "' is required by installed feature(s) "
                        + String.join(", ", dependents) + "; uninstall those first");
            }
            Set<String> locations = new HashSet<>();
            for (String coordinates : feature.bundles()) {
                locations.add(catalog.location(coordinates));
            }
            refuseRemovingTheWayBack(name, locations);
            locations.removeAll(locationsUsedByOthers(name));
            installer.uninstall(locations);
            logger.info("Feature '{}' uninstalled", name);
            return toDTO(feature);
        } catch (UnknownFeatureException e) {
            throw new FeatureException(e.getMessage());
        } catch (InstallException e) {
            throw new FeatureException("feature '" + name + "': " + e.getMessage(), e);
        }
    }

    /**
     * A feature whose removal would take away the means to install it again (the feature service,
     * the Gogo runtime behind the console and bin/swift, the feature: commands) stays: it is removed by
     * taking it out of swift.features.boot and restarting.
     */
    private void refuseRemovingTheWayBack(String name, Set<String> locations) throws FeatureException {
        ServiceReference<?>[] lifelines;
        try {
            lifelines = context.getAllServiceReferences(null, LIFELINES);
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        for (ServiceReference<?> lifeline : lifelines == null ? new ServiceReference<?>[0] : lifelines) {
            Bundle provider = lifeline.getBundle();
            if (provider != null && locations.contains(provider.getLocation())) {
                throw new FeatureException("feature '" + name + "' holds " + provider.getSymbolicName()
                        + ", which feature:install needs to bring it back; to run without it, remove it from "
                        + "swift.features.boot in etc/swift.properties and restart");
            }
        }
    }

    private List<String> installedDependents(String name) throws UnknownFeatureException {
        List<String> dependents = new ArrayList<>();
        for (FeatureDescriptor other : catalog.features()) {
            // A feature without bundles of its own (like 'default') only groups others: it holds none of them.
            if (!other.name().equals(name) && !other.bundles().isEmpty() && isInstalled(other)
                    && catalog.closure(other.name()).stream().anyMatch(f -> f.name().equals(name))) {
                dependents.add(other.name());
            }
        }
        return dependents;
    }

    private Set<String> locationsUsedByOthers(String name) {
        Set<String> used = new HashSet<>();
        for (FeatureDescriptor other : catalog.features()) {
            if (!other.name().equals(name) && isInstalled(other)) {
                other.bundles().forEach(coordinates -> used.add(catalog.location(coordinates)));
            }
        }
        return used;
    }

    /** All its bundles are installed, and so is every feature it requires. */
    private boolean isInstalled(FeatureDescriptor feature) {
        try {
            return catalog.closure(feature.name()).stream()
                    .allMatch(f -> f.bundles().stream().allMatch(installer::isInstalled));
        } catch (UnknownFeatureException e) {
            return false; // requires a feature that does not exist: never installable
        }
    }

    /** Creates each configuration the feature ships unless the PID already has one (from etc/, say). */
    private void applyDefaultConfigurations(FeatureDescriptor feature) {
        for (Map.Entry<String, Map<String, Object>> pid : feature.configurations().entrySet()) {
            try {
                Configuration configuration = configurationAdmin.getConfiguration(pid.getKey(), "?");
                if (configuration.getProperties() == null) {
                    Dictionary<String, Object> properties = new Hashtable<>();
                    pid.getValue().forEach((key, value) -> properties.put(key, substitute(value)));
                    configuration.update(properties);
                }
            } catch (IOException e) {
                logger.error("Feature '{}': default configuration {} not applied: {}", feature.name(), pid.getKey(),
                        e.getMessage());
            }
        }
    }

    private Object substitute(Object value) {
        return value instanceof String s ? s.replace("${swift.home}", home) : value;
    }

    private FeatureDTO toDTO(FeatureDescriptor feature) {
        FeatureDTO dto = new FeatureDTO();
        dto.name = feature.name();
        dto.description = feature.description();
        dto.requires = feature.requires();
        dto.installed = isInstalled(feature);
        dto.bundles = feature.bundles().stream().map(this::bundleDTO).toList();
        return dto;
    }

    private FeatureBundleDTO bundleDTO(String coordinates) {
        FeatureBundleDTO dto = new FeatureBundleDTO();
        dto.id = coordinates;
        Bundle bundle = installer.bundle(coordinates);
        if (bundle == null) {
            dto.state = "UNINSTALLED";
        } else {
            dto.symbolicName = bundle.getSymbolicName();
            dto.bundleId = bundle.getBundleId();
            dto.state = BundleStates.name(bundle.getState());
        }
        return dto;
    }
}
