package org.swiftft.replication.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.swiftft.replication.ReplicationConstants;
import org.swiftft.replication.ReplicationException;
import org.swiftft.replication.ReplicationSets;
import org.swiftft.replication.ReplicationStatusDTO;
import org.swiftft.replication.ReplicationStatusDTO.State;
import org.swiftft.replication.Role;
import org.swiftft.replication.VerificationDTO;

/**
 * The runtime's replication sets ({@link ReplicationSets}): the configured sets add themselves
 * here; it serves the writers' socket, answers the shell and the cluster, and posts an event when a
 * set's state changes (looked at once a second).
 */
@Component(service = {ReplicationSets.class, ReplicationSetsService.class})
public class ReplicationSetsService implements ReplicationSets {

    private final Map<String, ReplicationSetRunner> sets = new ConcurrentHashMap<>();
    private final Map<String, ReplicationStatusDTO> failedSets = new ConcurrentHashMap<>();
    private final Map<String, State> lastStates = new HashMap<>();
    private final ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "replication-state-events");
        thread.setDaemon(true);
        return thread;
    });

    @Reference(service = LoggerFactory.class)
    private Logger logger;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile EventAdmin eventAdmin;

    private WriterSocket writers;

    @Activate
    void activate(BundleContext context) {
        Path home = Path.of(Objects.requireNonNullElse(context.getProperty("swift.home"), "."));
        try {
            writers = new WriterSocket(home, sets::get, logger);
            logger.info("replication writers connect to {}", writers.path());
        } catch (IOException e) {
            logger.error("the replication writer socket under {} could not be opened: {}; replay-mode sets take no "
                    + "writes until the replication bundle restarts", home, e.getMessage());
        }
        watcher.scheduleWithFixedDelay(this::postStateChanges, 1, 1, TimeUnit.SECONDS);
    }

    @Deactivate
    void deactivate() throws IOException {
        watcher.shutdownNow();
        if (writers != null) {
            writers.close();
        }
    }

    void add(ReplicationSetRunner set) {
        ReplicationSetRunner previous = sets.putIfAbsent(set.name(), set);
        if (previous != null && previous != set) {
            throw new IllegalArgumentException("a replication set named " + set.name()
                    + " already runs here: give each configuration its own name");
        }
    }

    void remove(ReplicationSetRunner set) {
        sets.remove(set.name(), set);
    }

    /** Two sets over one directory (or one inside the other) would write each other's files. */
    void checkDirectory(String name, Path directory) {
        for (ReplicationSetRunner other : sets.values()) {
            Path theirs = other.settings().directory();
            if (!other.name().equals(name) && (theirs.startsWith(directory) || directory.startsWith(theirs))) {
                throw new IllegalArgumentException("directory " + directory + " overlaps set " + other.name() + "'s "
                        + theirs + ": give each set a directory of its own");
            }
        }
    }

    /** A configured set that did not start: listed as FAILED with why, until its file changes. */
    void notStarted(String name, String message) {
        ReplicationStatusDTO dto = new ReplicationStatusDTO();
        dto.name = name;
        dto.state = State.FAILED;
        dto.lastError = "not started: " + message;
        dto.lastErrorAt = System.currentTimeMillis();
        failedSets.put(name, dto);
    }

    void forgetFailed(String name) {
        failedSets.remove(name);
    }

    ReplicationSetRunner.SetEvents events() {
        return new ReplicationSetRunner.SetEvents() {
            @Override
            public void refused(String set, String peer, String message) {
                post(ReplicationConstants.TOPIC_REFUSED, Map.of(ReplicationConstants.EVENT_SET, set,
                        ReplicationConstants.EVENT_PEER, peer, ReplicationConstants.EVENT_MESSAGE, message));
            }

            @Override
            public void resynced(String set, String peer, String message) {
                post(ReplicationConstants.TOPIC_RESYNCED, Map.of(ReplicationConstants.EVENT_SET, set,
                        ReplicationConstants.EVENT_PEER, peer, ReplicationConstants.EVENT_MESSAGE, message));
            }

            @Override
            public void roleChanged(String set, Role role, long epoch) {
                logger.info("replication set {}: now {} at epoch {}", set, role, epoch);
                post(ReplicationConstants.TOPIC_ROLE_CHANGED, Map.of(ReplicationConstants.EVENT_SET, set,
                        ReplicationConstants.EVENT_ROLE, role.name(), ReplicationConstants.EVENT_EPOCH, epoch));
            }
        };
    }

    private void post(String topic, Map<String, Object> properties) {
        EventAdmin admin = eventAdmin;
        if (admin != null) {
            admin.postEvent(new Event(topic, properties));
        }
    }

    private void postStateChanges() {
        for (ReplicationSetRunner set : sets.values()) {
            ReplicationStatusDTO status = set.status();
            State previous = lastStates.put(status.name, status.state);
            if (previous == status.state) {
                continue;
            }
            if (status.state == State.DEGRADED) {
                logger.warn("replication set {} is DEGRADED: {}", status.name, String.valueOf(status.lastError));
                post(ReplicationConstants.TOPIC_DEGRADED, Map.of(ReplicationConstants.EVENT_SET, status.name,
                        ReplicationConstants.EVENT_MESSAGE, String.valueOf(status.lastError)));
            } else if (status.state == State.IN_SYNC && previous != null) {
                set.clearError();
                logger.info("replication set {} is IN_SYNC", status.name);
                post(ReplicationConstants.TOPIC_IN_SYNC, Map.of(ReplicationConstants.EVENT_SET, status.name));
            }
        }
    }

    @Override
    public List<ReplicationStatusDTO> sets() {
        List<ReplicationStatusDTO> all = new ArrayList<>();
        for (ReplicationSetRunner set : sets.values()) {
            all.add(set.status());
        }
        all.addAll(failedSets.values());
        all.sort((a, b) -> a.name.compareTo(b.name));
        return all;
    }

    @Override
    public Optional<ReplicationStatusDTO> status(String name) {
        ReplicationSetRunner set = sets.get(name);
        return set == null ? Optional.ofNullable(failedSets.get(name)) : Optional.of(set.status());
    }

    @Override
    public CompletionStage<List<VerificationDTO>> verify(String name) {
        return set(name).verify();
    }

    @Override
    public CompletionStage<ReplicationStatusDTO> resync(String name) {
        return set(name).resync();
    }

    @Override
    public ReplicationStatusDTO assumeRole(String name, Role role, long epoch) throws ReplicationException {
        return set(name).assumeRole(role, epoch);
    }

    private ReplicationSetRunner set(String name) {
        ReplicationSetRunner set = sets.get(name);
        if (set == null && failedSets.containsKey(name)) {
            throw new IllegalArgumentException("replication set '" + name + "' did not start: "
                    + failedSets.get(name).lastError.substring("not started: ".length()));
        }
        if (set == null) {
            throw new IllegalArgumentException("no replication set '" + name + "' on this runtime; replication:list "
                    + "shows the sets");
        }
        return set;
    }

    static <T> CompletionStage<T> failed(String set, String message) {
        return CompletableFuture.failedStage(new ReplicationException(set, message));
    }
}
