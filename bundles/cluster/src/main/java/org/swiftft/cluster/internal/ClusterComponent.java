package org.swiftft.cluster.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationEvent;
import org.osgi.service.cm.ConfigurationListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.Designate;
import org.swiftft.cluster.ClusterConstants;
import org.swiftft.cluster.ClusterMembership;
import org.swiftft.cluster.MemberDTO;
import org.swiftft.cluster.Primaryship;
import org.swiftft.cluster.ViewDTO;

/**
 * This runtime as a cluster member ({@link ClusterMembership}), from {@code etc/org.swiftft.cluster.cfg}.
 * A configuration change restarts the membership (the runtime leaves and joins again).
 */
@Component(configurationPid = ClusterConstants.CLUSTER_PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = {ClusterMembership.class, ConfigurationListener.class})
@Designate(ocd = ClusterConfiguration.class)
public class ClusterComponent implements ClusterMembership, ConfigurationListener, GroupMembership.Listener {

    /** Watch configurations carrying this key are clustered applications. */
    static final String CLUSTER_HOSTS = "cluster.hosts";
    private static final String WATCH_FACTORY_PID = "org.swiftft.watch";

    @Reference(service = LoggerFactory.class)
    private Logger logger;

    @Reference
    private LoggerFactory loggers;

    @Reference
    private ConfigurationAdmin configurations;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile EventAdmin eventAdmin;

    private ClusterSettings settings;
    private GroupMembership group;
    private volatile String configurationHash;

    @Activate
    void activate(BundleContext context, ClusterConfiguration config, Map<String, Object> properties) throws IOException {
        List<String> unknown = ClusterSettings.unknownKeys(properties);
        if (!unknown.isEmpty()) {
            logger.warn("cluster ({}): {} ignored: no such setting; the settings are {}",
                    properties.getOrDefault("felix.fileinstall.filename", ClusterConstants.CLUSTER_PID),
                    String.join(", ", unknown), String.join(", ", new TreeSet<>(ClusterSettings.KEYS)));
        }
        Path home = Path.of(Objects.requireNonNullElse(context.getProperty("swift.home"), "."));
        try {
            settings = ClusterSettings.from(config, home, properties);
        } catch (IllegalArgumentException | IOException e) {
            logger.error("cluster: etc/org.swiftft.cluster.cfg: {}; this runtime stays out of the cluster until it is fixed",
                    e.getMessage());
            throw e;
        }
        JGroupsLogging.install(loggers);
        configurationHash = computeHash();
        group = new GroupMembership(settings, () -> configurationHash, this, logger);
        group.start();
    }

    @Deactivate
    void deactivate() {
        if (group != null) {
            group.close();
        }
    }

    @Override
    public void configurationEvent(ConfigurationEvent event) {
        if (WATCH_FACTORY_PID.equals(event.getFactoryPid()) && group != null) {
            String hash = computeHash();
            if (!hash.equals(configurationHash)) {
                logger.info("cluster: clustered configuration changed, hash {} (was {})", hash, configurationHash);
                configurationHash = hash;
                group.configurationChanged();
            }
        }
    }

    /** Over the shared cluster settings and every watch configuration naming cluster.hosts. */
    private String computeHash() {
        Map<String, Dictionary<String, ?>> applications = new HashMap<>();
        try {
            Configuration[] found = configurations.listConfigurations(
                    "(&(service.factoryPid=" + WATCH_FACTORY_PID + ")(" + CLUSTER_HOSTS + "=*))");
            for (Configuration configuration : found == null ? new Configuration[0] : found) {
                Dictionary<String, Object> properties = configuration.getProperties();
                Object name = properties.get("name");
                String application = name == null || String.valueOf(name).isBlank() ? configuration.getPid()
                        : String.valueOf(name);
                applications.put(application, properties);
            }
        } catch (IOException | InvalidSyntaxException e) {
            logger.warn("cluster: cannot read the clustered watch configurations: {}", e.getMessage());
        }
        return ConfigurationHash.of(settings.shared(), applications);
    }

    @Override
    public void viewChanged(GroupSnapshot snapshot, boolean quorumLost) {
        post(ClusterConstants.TOPIC_VIEW_CHANGED, Map.of(ClusterConstants.EVENT_VIEW_ID, snapshot.viewId(),
                ClusterConstants.EVENT_MEMBERS, snapshot.members().toArray(String[]::new)));
        if (quorumLost) {
            post(ClusterConstants.TOPIC_QUORUM_LOST, Map.of(ClusterConstants.EVENT_VIEW_ID, snapshot.viewId(),
                    ClusterConstants.EVENT_MEMBERS, snapshot.members().toArray(String[]::new)));
        }
    }

    @Override
    public void refused(String member, String why) {
        post(ClusterConstants.TOPIC_REFUSED, Map.of(ClusterConstants.EVENT_MEMBER, member,
                ClusterConstants.EVENT_MESSAGE, why));
    }

    private void post(String topic, Map<String, Object> properties) {
        EventAdmin events = eventAdmin;
        if (events != null) {
            events.postEvent(new Event(topic, properties));
        }
    }

    @Override
    public MemberDTO self() {
        return members().stream().filter(member -> member.self).findFirst().orElseThrow();
    }

    @Override
    public List<MemberDTO> members() {
        return MemberTable.of(group.snapshot());
    }

    @Override
    public ViewDTO view() {
        GroupSnapshot snapshot = group.snapshot();
        ViewDTO view = new ViewDTO();
        view.id = snapshot.viewId();
        view.coordinator = snapshot.coordinator();
        view.members = List.copyOf(snapshot.members());
        view.configuredMembers = settings.members().size();
        view.quorum = snapshot.quorum();
        view.since = snapshot.viewSince();
        return view;
    }

    /** Why this member is not in the group, or empty: for the shell's status line. */
    Optional<String> problem() {
        return Optional.ofNullable(group.snapshot().problem());
    }

    @Override
    public Optional<Primaryship> primaryship(String application) {
        return Optional.empty();
    }

    @Override
    public void leave() {
        group.leave();
    }

    List<String> unsignedSenders() {
        return new ArrayList<>(group.snapshot().unsignedSenders());
    }
}
