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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.osgi.framework.BundleContext;
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
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.Designate;
import org.swiftft.cluster.ClusterConstants;
import org.swiftft.cluster.ClusterMembership;
import org.swiftft.cluster.ClusteredApplicationDTO;
import org.swiftft.cluster.FailoverCoordinator;
import org.swiftft.cluster.FailoverDTO;
import org.swiftft.cluster.MemberDTO;
import org.swiftft.cluster.Primaryship;
import org.swiftft.cluster.ViewDTO;
import org.swiftft.detector.ApplicationDTO;
import org.swiftft.detector.ApplicationSupervisor;
import org.swiftft.policy.FailoverTargetPolicy;
import org.swiftft.policy.PolicyConstants;
import org.swiftft.policy.ReplicationScheme;
import org.swiftft.policy.ReplicationSchemePolicy;
import org.swiftft.replication.ReplicationSets;
import org.swiftft.replication.ReplicationStatusDTO;
import org.swiftft.replication.Role;

/**
 * This runtime as a cluster member, from {@code etc/org.swiftft.cluster.cfg}: its
 * {@link ClusterMembership} and {@link FailoverCoordinator}. The clustered applications are the
 * watch configurations naming {@code cluster.hosts}; a change to one is seen at once. A change to
 * the cluster configuration restarts the membership (the runtime leaves and joins again).
 */
@Component(configurationPid = ClusterConstants.CLUSTER_PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = {ClusterMembership.class, FailoverCoordinator.class, ConfigurationListener.class, ClusterComponent.class})
@Designate(ocd = ClusterConfiguration.class)
public class ClusterComponent implements ClusterMembership, FailoverCoordinator, ConfigurationListener {

    @Reference(service = LoggerFactory.class)
    private Logger logger;

    @Reference
    private LoggerFactory loggers;

    @Reference
    private ConfigurationAdmin configurations;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile EventAdmin eventAdmin;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ApplicationSupervisor supervisor;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ReplicationSets replication;

    private final Map<String, FailoverTargetPolicy> targetPolicies = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, ReplicationSchemePolicy> schemePolicies = new java.util.concurrent.ConcurrentHashMap<>();

    private ClusterSettings settings;
    private ClusterNode node;
    private final Map<String, ServiceForwarder> forwarders = new HashMap<>();
    private volatile String configurationHash;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindTargetPolicy(FailoverTargetPolicy policy, Map<String, Object> properties) {
        targetPolicies.put(String.valueOf(properties.get(PolicyConstants.POLICY_NAME)), policy);
    }

    void unbindTargetPolicy(FailoverTargetPolicy policy, Map<String, Object> properties) {
        targetPolicies.remove(String.valueOf(properties.get(PolicyConstants.POLICY_NAME)), policy);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindSchemePolicy(ReplicationSchemePolicy policy, Map<String, Object> properties) {
        schemePolicies.put(String.valueOf(properties.get(PolicyConstants.POLICY_NAME)), policy);
    }

    void unbindSchemePolicy(ReplicationSchemePolicy policy, Map<String, Object> properties) {
        schemePolicies.remove(String.valueOf(properties.get(PolicyConstants.POLICY_NAME)), policy);
    }

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
        Map<String, Dictionary<String, ?>> clustered = ClusteredConfigurations.read(configurations, logger);
        configurationHash = ConfigurationHash.of(settings.shared(), clustered);
        node = new ClusterNode(settings, home.resolve("state").resolve("@cluster"), () -> configurationHash,
                new RuntimeServices(), logger);
        applications(ClusteredConfigurations.parse(clustered, settings.members().keySet(), logger));
        node.start();
    }

    @Deactivate
    synchronized void deactivate() {
        forwarders.values().forEach(ServiceForwarder::close);
        forwarders.clear();
        if (node != null) {
            node.close();
        }
    }

    /** New clustered applications, and a forwarder for each that names cluster.port. */
    private synchronized void applications(Map<String, ClusteredApplication> clustered) {
        node.applications(clustered);
        forwarders.entrySet().removeIf(entry -> {
            ClusteredApplication now = clustered.get(entry.getKey());
            boolean gone = now == null || now.port() == 0 || !now.equals(entry.getValue().application());
            if (gone) {
                entry.getValue().close();
            }
            return gone;
        });
        java.util.Set<java.net.InetAddress> addresses = new java.util.HashSet<>();
        settings.members().values().forEach(address -> addresses.add(address.getAddress()));
        clustered.values().stream().filter(application -> application.port() != 0)
                .filter(application -> !forwarders.containsKey(application.name())).forEach(application -> {
                    try {
                        forwarders.put(application.name(), new ServiceForwarder(application,
                                settings.endpoint().getAddress(), addresses, node::serving, this::primaryAddress, logger));
                    } catch (IOException e) {
                        logger.error("cluster: {}", e.getMessage());
                    }
                });
    }

    /** Where a forwarder sends clients: the primary's address, if it is in this member's view and that view holds the quorum. */
    private java.net.InetAddress primaryAddress(String application) {
        Placement known = node.known(application);
        GroupSnapshot snapshot = node.group().snapshot();
        if (!known.committed() || known.primary() == null || !snapshot.quorum()
                || !snapshot.members().contains(known.primary())) {
            return null;
        }
        return settings.members().get(known.primary()).getAddress();
    }

    @Override
    public void configurationEvent(ConfigurationEvent event) {
        if (ClusteredConfigurations.WATCH_FACTORY_PID.equals(event.getFactoryPid()) && node != null) {
            Map<String, Dictionary<String, ?>> clustered = ClusteredConfigurations.read(configurations, logger);
            String hash = ConfigurationHash.of(settings.shared(), clustered);
            applications(ClusteredConfigurations.parse(clustered, settings.members().keySet(), logger));
            if (!hash.equals(configurationHash)) {
                logger.info("cluster: clustered configuration changed, hash {} (was {})", hash, configurationHash);
                configurationHash = hash;
                node.group().announce();
            }
        }
    }

    // ---- ClusterMembership ------------------------------------------------------------------

    @Override
    public MemberDTO self() {
        return members().stream().filter(member -> member.self).findFirst().orElseThrow();
    }

    @Override
    public List<MemberDTO> members() {
        List<MemberDTO> members = MemberTable.of(node.group().snapshot());
        for (MemberDTO member : members) {
            List<String> primary = new ArrayList<>();
            List<String> backup = new ArrayList<>();
            for (String application : node.applicationNames()) {
                Placement known = node.known(application);
                if (member.name.equals(known.primary())) {
                    primary.add(application);
                } else if (known.backups().contains(member.name)) {
                    backup.add(application);
                }
            }
            member.primaryFor = List.copyOf(new TreeSet<>(primary));
            member.backupFor = List.copyOf(new TreeSet<>(backup));
        }
        return members;
    }

    @Override
    public ViewDTO view() {
        GroupSnapshot snapshot = node.group().snapshot();
        ViewDTO view = new ViewDTO();
        view.id = snapshot.viewId();
        view.coordinator = snapshot.coordinator();
        view.members = List.copyOf(snapshot.members());
        view.configuredMembers = settings.members().size();
        view.quorum = snapshot.quorum();
        view.since = snapshot.viewSince();
        view.problem = snapshot.problem();
        if (view.problem == null && !snapshot.unsignedSenders().isEmpty() && !view.quorum) {
            view.problem = "messages from " + String.join(", ", snapshot.unsignedSenders()) + " fail the signature"
                    + " check: their secret or cluster name differs from this member's";
        }
        return view;
    }

    @Override
    public Optional<Primaryship> primaryship(String application) {
        Placement known = node.known(application);
        return known.committed() && known.primary() != null
                ? Optional.of(new Primaryship(application, known.primary(), known.epoch())) : Optional.empty();
    }

    @Override
    public void leave() {
        GroupSnapshot snapshot = node.group().snapshot();
        List<String> remaining = new ArrayList<>(snapshot.members());
        remaining.remove(settings.self());
        Quorum quorum = settings.quorum();
        if (snapshot.quorum() && !quorum.holds(remaining)) {
            throw new IllegalStateException(settings.self() + " does not leave: " + remaining + " would hold no quorum ("
                    + quorum.describe() + ") and would stop every clustered application; start another member first,"
                    + " or stop this runtime if that is what you want");
        }
        List<CompletableFuture<FailoverDTO>> moving = new ArrayList<>();
        for (String application : node.applicationNames()) {
            if (settings.self().equals(node.known(application).primary())) {
                moving.add(node.move(application, null, FailoverDTO.Trigger.PLANNED, settings.self() + " is leaving"));
            }
        }
        for (CompletableFuture<FailoverDTO> move : moving) {
            try {
                move.get(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                logger.warn("cluster: leaving although an application could not be moved: {}", e.getMessage());
            }
        }
        node.leave();
    }

    // ---- FailoverCoordinator ----------------------------------------------------------------

    @Override
    public List<ClusteredApplicationDTO> applications() {
        return new TreeSet<>(node.applicationNames()).stream().map(this::describe).toList();
    }

    @Override
    public Optional<ClusteredApplicationDTO> application(String name) {
        return node.applicationNames().contains(name) ? Optional.of(describe(name)) : Optional.empty();
    }

    private ClusteredApplicationDTO describe(String name) {
        ClusteredApplication application = node.applications().get(name);
        Placement known = node.known(name);
        ClusteredApplicationDTO dto = new ClusteredApplicationDTO();
        dto.application = name;
        dto.scheme = known.standby().isEmpty() ? ReplicationScheme.COLD : ReplicationScheme.WARM;
        dto.hosts = application.hosts();
        dto.primary = known.committed() ? known.primary() : null;
        dto.backups = known.backups();
        dto.standby = known.standby();
        dto.epoch = known.epoch();
        FailoverDTO current = node.inProgress(name);
        List<FailoverDTO> history = node.history(name);
        dto.lastFailover = current != null ? current : history.isEmpty() ? null : history.get(history.size() - 1);
        GroupSnapshot snapshot = node.group().snapshot();
        boolean primaryPresent = dto.primary != null && snapshot.members().contains(dto.primary);
        dto.state = current != null ? ClusteredApplicationDTO.State.FAILING_OVER
                : primaryPresent ? ClusteredApplicationDTO.State.RUNNING : ClusteredApplicationDTO.State.DOWN;
        return dto;
    }

    @Override
    public CompletionStage<FailoverDTO> failover(String application, String target) {
        requireClustered(application);
        return node.move(application, target, FailoverDTO.Trigger.PLANNED, "asked by an operator on " + settings.self());
    }

    @Override
    public CompletionStage<FailoverDTO> escalate(String application, String reason) {
        requireClustered(application);
        return node.move(application, null, FailoverDTO.Trigger.ESCALATED, reason);
    }

    @Override
    public List<FailoverDTO> history(String application) {
        requireClustered(application);
        return node.history(application);
    }

    private void requireClustered(String application) {
        if (!node.applicationNames().contains(application)) {
            throw new IllegalArgumentException(application + " is not clustered: its watch configuration names no"
                    + " cluster.hosts (clustered: " + new TreeSet<>(node.applicationNames()) + ")");
        }
    }

    /** Whether this member serves the application now (primary, running, lease held): the forwarder asks. */
    boolean serving(String application) {
        return node.serving(application);
    }

    /** The services of this runtime the cluster drives, each possibly missing. */
    private final class RuntimeServices implements LocalRuntime {

        @Override
        public Optional<ApplicationDTO> application(String name) {
            ApplicationSupervisor detector = supervisor;
            return detector == null ? Optional.empty() : detector.application(name);
        }

        @Override
        public CompletionStage<ApplicationDTO> start(String name, Map<String, String> environment) {
            ApplicationSupervisor detector = supervisor;
            return detector == null ? CompletableFuture.failedFuture(new IllegalStateException(
                    "the detector is not running on " + settings.self())) : detector.start(name, environment);
        }

        @Override
        public CompletionStage<ApplicationDTO> stop(String name) {
            ApplicationSupervisor detector = supervisor;
            if (detector == null || detector.application(name).isEmpty()) {
                return CompletableFuture.completedFuture(null);
            }
            return detector.stop(name);
        }

        @Override
        public CompletionStage<String> request(String name, String verb, String argument, long timeoutMillis) {
            ApplicationSupervisor detector = supervisor;
            return detector == null ? CompletableFuture.failedFuture(new IllegalStateException(
                    "the detector is not running on " + settings.self()))
                    : detector.request(name, verb, argument, timeoutMillis);
        }

        @Override
        public Optional<ReplicationStatusDTO> replicationSet(String name) {
            ReplicationSets sets = replication;
            return sets == null ? Optional.empty() : sets.status(name);
        }

        @Override
        public void assumeRole(String set, Role role, long epoch) throws Exception {
            ReplicationSets sets = replication;
            if (sets == null) {
                throw new IllegalStateException("the replication capability is not running on " + settings.self());
            }
            sets.assumeRole(set, role, epoch);
        }

        @Override
        public Optional<FailoverTargetPolicy> targetPolicy() {
            return Optional.ofNullable(targetPolicies.get("failover"));
        }

        @Override
        public Optional<ReplicationSchemePolicy> schemePolicy(String name) {
            return Optional.ofNullable(schemePolicies.get(name));
        }

        @Override
        public void post(String topic, Map<String, Object> properties) {
            EventAdmin events = eventAdmin;
            if (events != null) {
                events.postEvent(new Event(topic, properties));
            }
        }
    }
}
