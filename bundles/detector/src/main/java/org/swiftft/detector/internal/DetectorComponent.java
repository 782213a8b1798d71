package org.swiftft.detector.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.swiftft.cluster.FailoverCoordinator;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
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
import org.swiftft.detector.ApplicationDTO;
import org.swiftft.detector.ApplicationSupervisor;
import org.swiftft.detector.HistoryEntryDTO;
import org.swiftft.detector.WatchSpec;
import org.swiftft.heartbeat.HeartbeatDeadlines;
import org.swiftft.policy.FailureContext;
import org.swiftft.policy.PolicyConstants;
import org.swiftft.policy.PolicyFailedException;
import org.swiftft.policy.RestartDecision;
import org.swiftft.policy.RestartPolicy;

/**
 * The detector as a service: the supervisor, given the heartbeat service and the restart policies
 * that happen to run (both may come and go: references are dynamic and greedy).
 */
@Component(service = ApplicationSupervisor.class, immediate = true, configurationPid = "org.swiftft.detector")
@Designate(ocd = DetectorConfiguration.class)
public class DetectorComponent implements ApplicationSupervisor, SupervisorEnvironment {

    @Reference(service = LoggerFactory.class)
    private Logger logger;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile HeartbeatDeadlines heartbeats;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile EventAdmin eventAdmin;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile FailoverCoordinator failover;

    private final Map<String, RestartPolicy> policies = new ConcurrentHashMap<>();
    private Supervisor supervisor;
    private ApplicationSocket applicationSocket;
    /** Watch files naming an application that another one watched already: in the order they came. */
    private final Map<ConfiguredApplication, WatchSpec> waitingForName = java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<>());

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindPolicy(RestartPolicy policy, Map<String, Object> properties) {
        Object name = properties.get(PolicyConstants.POLICY_NAME);
        if (name != null) {
            policies.put(name.toString(), policy);
        }
    }

    void unbindPolicy(RestartPolicy policy, Map<String, Object> properties) {
        Object name = properties.get(PolicyConstants.POLICY_NAME);
        if (name != null) {
            policies.remove(name.toString(), policy);
        }
    }

    @Activate
    void activate(BundleContext context, DetectorConfiguration config) {
        String home = context.getProperty("swift.home");
        Path data = Path.of(home == null ? "." : home, "data").toAbsolutePath().normalize();
        supervisor = new Supervisor(data.resolve("log"), data, config.reboot_command(), this);
        // the layout of libft's StateLayout, which this bundle does not import (libft is not in its feature)
        supervisor.stateFolders(new StateFolders(data.getParent().resolve("state")));
        try {
            applicationSocket = new ApplicationSocket(data.getParent(), new ApplicationSessions(supervisor), this::warn);
            supervisor.applicationSocket(applicationSocket.path());
            logger.info("applications connect through libft to {}", applicationSocket.path());
        } catch (IOException | RuntimeException e) {
            // supervision goes on; only libft's connection (self-registration, requests) is missing
            logger.error("the application socket for libft cannot be opened: {}; applications cannot register"
                    + " themselves or be sent requests", e.toString());
        }
    }

    /** Only the reboot command can change: the applications run on. */
    @org.osgi.service.component.annotations.Modified
    void modified(DetectorConfiguration config) {
        supervisor.rebootCommand(config.reboot_command());
    }

    @Deactivate
    void deactivate() {
        if (applicationSocket != null) {
            try {
                applicationSocket.close();
            } catch (IOException e) {
                logger.warn("the application socket did not close cleanly: {}", e.toString());
            }
        }
        supervisor.close();
    }

    @Override
    public ApplicationDTO watch(WatchSpec spec) {
        return supervisor.watch(spec, ApplicationDTO.Origin.COMMAND);
    }

    /**
     * For configuration files: the same, remembered as coming from etc/. A file naming an application
     * that is watched already waits for the name: it is watched once the other is unwatched.
     */
    ApplicationDTO watchConfigured(ConfiguredApplication file, WatchSpec spec) {
        try {
            return supervisor.watch(spec, ApplicationDTO.Origin.CONFIGURATION);
        } catch (Supervisor.NameTakenException e) {
            waitingForName.put(file, spec);
            throw e;
        }
    }

    /** The file is gone or changed: it waits no more. */
    void configurationGone(ConfiguredApplication file) {
        waitingForName.remove(file);
    }

    /** The first file waiting for a name that is free now takes it. */
    private void nameFreed(String name) {
        waitingForName.entrySet().stream().filter(waiting -> waiting.getValue().name.equals(name)).findFirst()
                .ifPresent(waiting -> {
                    waitingForName.remove(waiting.getKey());
                    try {
                        watchConfigured(waiting.getKey(), waiting.getValue());
                        waiting.getKey().watching(name);
                        logger.info("{}: watched now that the name is free", name);
                    } catch (RuntimeException e) {
                        logger.error("{}: still not watched: {}", name, e.getMessage());
                    }
                });
    }

    @Override
    public ApplicationDTO adopt(WatchSpec spec, long pid) {
        ProcessHandle process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .orElseThrow(() -> new IllegalArgumentException("no process has pid " + pid));
        supervisor.adopt(spec, process, null);
        return supervisor.application(spec.name).orElseThrow();
    }

    @Override
    public CompletionStage<String> request(String name, String verb, String argument, long timeoutMillis) {
        return supervisor.request(name, verb, argument, timeoutMillis);
    }

    @Override
    public CompletionStage<Boolean> unwatch(String name) {
        return supervisor.unwatch(name).thenApply(unwatched -> {
            nameFreed(name);
            return unwatched;
        });
    }

    @Override
    public CompletionStage<ApplicationDTO> start(String name) {
        return supervisor.start(name);
    }

    @Override
    public CompletionStage<ApplicationDTO> start(String name, Map<String, String> environment) {
        return supervisor.start(name, Map.copyOf(environment));
    }

    @Override
    public CompletionStage<ApplicationDTO> stop(String name) {
        return supervisor.stop(name);
    }

    @Override
    public CompletionStage<ApplicationDTO> restart(String name) {
        return supervisor.restart(name);
    }

    @Override
    public ApplicationDTO maintenance(String name, boolean on) {
        return supervisor.maintenance(name, on);
    }

    @Override
    public void maintenance(boolean on) {
        supervisor.maintenance(on);
    }

    @Override
    public boolean maintenance() {
        return supervisor.maintenance();
    }

    @Override
    public List<ApplicationDTO> applications() {
        return supervisor.applications();
    }

    @Override
    public Optional<ApplicationDTO> application(String name) {
        return supervisor.application(name);
    }

    @Override
    public List<HistoryEntryDTO> history(String name) {
        return supervisor.history(name);
    }

    // ---- SupervisorEnvironment ----

    @Override
    public Optional<HeartbeatDeadlines> heartbeats() {
        return Optional.ofNullable(heartbeats);
    }

    @Override
    public Optional<FailoverCoordinator> failover() {
        return Optional.ofNullable(failover);
    }

    @Override
    public RestartDecision decide(String policyName, FailureContext failure) {
        String name = policyName == null ? "restart" : policyName;
        RestartPolicy policy = policies.get(name);
        if (policy == null) {
            return BuiltInRestartPolicy.decide(failure, "no restart policy '" + name + "' is loaded");
        }
        try {
            RestartDecision decision = policy.onFailure(failure);
            return decision != null ? decision
                    : BuiltInRestartPolicy.decide(failure, "policy '" + name + "' answered nothing");
        } catch (PolicyFailedException e) {
            logger.warn("{}: {}", failure.application(), e.getMessage());
            return BuiltInRestartPolicy.decide(failure, "policy '" + name + "' failed (" + e.reason() + ")");
        }
    }

    @Override
    public void publish(String topic, Map<String, Object> properties) {
        EventAdmin events = eventAdmin;
        if (events != null) {
            events.postEvent(new Event(topic, properties));
        }
    }

    @Override
    public void info(String message) {
        logger.info("{}", message);
    }

    @Override
    public void warn(String message) {
        logger.warn("{}", message);
    }
}
