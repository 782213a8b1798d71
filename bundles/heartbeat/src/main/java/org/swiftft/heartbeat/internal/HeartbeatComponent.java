package org.swiftft.heartbeat.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
import org.osgi.service.metatype.annotations.Designate;
import org.swiftft.heartbeat.DeadlineListener;
import org.swiftft.heartbeat.EndpointStatsDTO;
import org.swiftft.heartbeat.HeartbeatConstants;
import org.swiftft.heartbeat.HeartbeatCredentials;
import org.swiftft.heartbeat.HeartbeatDeadlines;
import org.swiftft.heartbeat.HeartbeatProtocol;
import org.swiftft.heartbeat.HeartbeatSpec;
import org.swiftft.heartbeat.HeartbeatStatusDTO;
import org.swiftft.heartbeat.MissedDeadline;

/**
 * The heartbeat service: the deadline table, fed by the UDP endpoint, the sd_notify socket and
 * in-runtime callers.
 */
@Component(service = HeartbeatDeadlines.class, immediate = true, configurationPid = "org.swiftft.heartbeat")
@Designate(ocd = HeartbeatConfiguration.class)
public class HeartbeatComponent implements HeartbeatDeadlines {

    @Reference(service = LoggerFactory.class)
    private Logger logger;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile EventAdmin eventAdmin;

    private final DropCounters counters = new DropCounters();
    private DeadlineTable table;
    private volatile UdpHeartbeatEndpoint endpoint;
    private NotifySocket notify;

    @Activate
    void activate(HeartbeatConfiguration config) throws IOException {
        table = new DeadlineTable(counters, this::publish, problem -> logger.warn("{}", problem));
        try {
            endpoint = new UdpHeartbeatEndpoint(new InetSocketAddress(config.bind_address(), config.port()),
                    config.receive_buffer_bytes(), table, counters, this::datagramProblem);
        } catch (IOException e) {
            table.close();
            throw new IOException("cannot open the heartbeat port " + config.bind_address() + ":" + config.port()
                    + " (" + e.getMessage() + "); set another in etc/org.swiftft.heartbeat.cfg", e);
        }
        logger.info("Heartbeats on udp://{} (receive buffer {} bytes)", endpoint.address(), endpoint.receiveBuffer());
        try {
            notify = new NotifySocket("swift-notify-" + ProcessHandle.current().pid(), table::acceptNotify);
            logger.info("sd_notify on {}", notify.address());
        } catch (IOException | LinkageError e) {
            logger.warn("sd_notify is not offered ({}); applications can still heartbeat by datagram", e.getMessage());
        }
    }

    /**
     * A new port or buffer: the deadline table stays (tracked applications keep their deadlines and
     * tokens); the endpoint is replaced. Applications launched before the change still send to the old
     * port, so they miss their next deadline and are restarted with the new one.
     */
    @org.osgi.service.component.annotations.Modified
    void modified(HeartbeatConfiguration config) throws IOException {
        InetSocketAddress wanted = new InetSocketAddress(config.bind_address(), config.port());
        UdpHeartbeatEndpoint previous = endpoint;
        boolean samePort = config.port() != 0 && previous.address().equals(
                wanted.getAddress().getHostAddress() + ":" + config.port());
        if (samePort) {
            previous.close(); // a fixed port can only be bound again once it is free
        }
        UdpHeartbeatEndpoint next;
        try {
            next = new UdpHeartbeatEndpoint(wanted, config.receive_buffer_bytes(), table, counters,
                    this::datagramProblem);
        } catch (IOException e) {
            if (samePort) {
                endpoint = new UdpHeartbeatEndpoint(new InetSocketAddress(config.bind_address(), 0),
                        config.receive_buffer_bytes(), table, counters, this::datagramProblem);
            }
            logger.error("cannot open the heartbeat port {}:{} ({}); heartbeats stay on {}; fix etc/org.swiftft.heartbeat.cfg",
                    config.bind_address(), config.port(), e.getMessage(), endpoint.address());
            return;
        }
        endpoint = next;
        if (!samePort) {
            previous.close();
            logger.warn("Heartbeats now on udp://{}; applications launched before still send to the old port and will be"
                    + " restarted when they miss their deadline", next.address());
        }
    }

    @Deactivate
    void deactivate() throws IOException {
        if (notify != null) {
            notify.close();
        }
        endpoint.close();
        table.close();
    }

    /** A datagram that could not even be read: worth a debug line, nothing more (anyone may send them). */
    private void datagramProblem(String problem) {
        logger.debug("{}", problem);
    }

    @Override
    public HeartbeatCredentials track(String application, HeartbeatSpec spec, DeadlineListener listener) {
        String token = table.track(application, spec, listener);
        Map<String, String> environment = new HashMap<>();
        environment.put(HeartbeatProtocol.ENV_APP, application);
        environment.put(HeartbeatProtocol.ENV_TOKEN, token);
        environment.put(HeartbeatProtocol.ENV_HEARTBEAT, endpoint.address());
        if (notify != null) {
            environment.put(HeartbeatProtocol.ENV_NOTIFY_SOCKET, notify.address());
        }
        if (spec.timeoutMillis() > 0 && spec.timeoutMillis() < Long.MAX_VALUE / 1000) {
            environment.put(HeartbeatProtocol.ENV_WATCHDOG_USEC, Long.toString(spec.timeoutMillis() * 1000));
        }
        return new HeartbeatCredentials(application, token, environment);
    }

    @Override
    public void attach(String application, long pid) {
        table.attach(application, pid);
    }

    @Override
    public void untrack(String application) {
        table.untrack(application);
    }

    @Override
    public boolean beat(String application) {
        return table.apply(application, HeartbeatProtocol.VERB_HB, null, 0, null);
    }

    @Override
    public boolean enter(String application, String region, long timeoutMillis) {
        if (!HeartbeatMessage.isRegion(region) || timeoutMillis <= 0) {
            return counters.dropped(org.swiftft.heartbeat.DropReason.BAD_ARGUMENT);
        }
        return table.apply(application, HeartbeatProtocol.VERB_ENTER, region, timeoutMillis, null);
    }

    @Override
    public boolean leave(String application, String region) {
        return table.apply(application, HeartbeatProtocol.VERB_LEAVE, region, 0, null);
    }

    @Override
    public boolean ready(String application) {
        return table.apply(application, HeartbeatProtocol.VERB_READY, null, 0, null);
    }

    @Override
    public boolean status(String application, String text) {
        return table.apply(application, HeartbeatProtocol.VERB_STATUS, null, 0, text);
    }

    @Override
    public boolean heartbeatTimeout(String application, long timeoutMillis) {
        return table.heartbeatTimeout(application, timeoutMillis);
    }

    @Override
    public Optional<HeartbeatStatusDTO> application(String application) {
        return table.status(application);
    }

    @Override
    public List<HeartbeatStatusDTO> applications() {
        return table.statuses();
    }

    @Override
    public EndpointStatsDTO stats() {
        EndpointStatsDTO stats = new EndpointStatsDTO();
        stats.datagramEndpoint = endpoint.address();
        stats.notifySocket = notify == null ? null : notify.address();
        stats.receiveBufferBytes = endpoint.receiveBuffer();
        stats.accepted = counters.acceptedCount();
        stats.dropped = counters.dropped();
        stats.since = counters.since();
        return stats;
    }

    private void publish(MissedDeadline missed) {
        logger.warn("{} missed its {} deadline{} by {} ms", missed.application(), missed.kind(),
                missed.region() == null ? "" : " in region " + missed.region(), missed.latenessMillis());
        EventAdmin events = eventAdmin;
        if (events != null) {
            Map<String, Object> properties = new HashMap<>();
            properties.put(HeartbeatConstants.EVENT_APPLICATION, missed.application());
            properties.put(HeartbeatConstants.EVENT_KIND, missed.kind().name());
            if (missed.region() != null) {
                properties.put(HeartbeatConstants.EVENT_REGION, missed.region());
            }
            properties.put(HeartbeatConstants.EVENT_DEADLINE, missed.deadline());
            properties.put(HeartbeatConstants.EVENT_LATENESS, missed.latenessMillis());
            events.postEvent(new Event(HeartbeatConstants.TOPIC_LATE, properties));
        }
    }
}
