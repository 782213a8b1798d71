package org.swiftft.shell.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.swiftft.heartbeat.EndpointStatsDTO;
import org.swiftft.heartbeat.HeartbeatDeadlines;
import org.swiftft.heartbeat.HeartbeatStatusDTO;
import org.swiftft.shell.internal.RuntimeCommands.Property;

/** {@code heartbeat:} the heartbeat endpoint and the deadlines of tracked applications. */
@Component(service = HeartbeatCommands.class, property = {"osgi.command.scope=heartbeat",
        "osgi.command.function=stats", "osgi.command.function=list"})
public class HeartbeatCommands {

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile HeartbeatDeadlines heartbeats;

    @Descriptor("Show the heartbeat endpoint: address, receive buffer, messages accepted and dropped per reason")
    public Rows<Property> stats() {
        EndpointStatsDTO stats = service().stats();
        List<Property> rows = new ArrayList<>();
        rows.add(new Property("udp endpoint", stats.datagramEndpoint));
        rows.add(new Property("receive buffer", stats.receiveBufferBytes + " bytes"));
        rows.add(new Property("sd_notify socket", stats.notifySocket == null ? "not offered (see the log)" : stats.notifySocket));
        rows.add(new Property("counting since", Instant.ofEpochMilli(stats.since).toString()));
        rows.add(new Property("accepted", Long.toString(stats.accepted)));
        stats.dropped.forEach((reason, count) -> rows.add(new Property("dropped " + reason, Long.toString(count))));
        return new Rows<>(rows, Column.of("COUNTER", Property::name), Column.of("VALUE", Property::value));
    }

    @Descriptor("List tracked applications: ready, heartbeat timeout, last heartbeat, next deadline, open regions")
    public Rows<HeartbeatStatusDTO> list() {
        long now = System.currentTimeMillis();
        return new Rows<>(service().applications(),
                Column.of("APPLICATION", s -> s.application),
                Column.of("PID", s -> s.pid < 0 ? "-" : s.pid),
                Column.of("READY", s -> s.ready ? "yes" : "no"),
                Column.of("TIMEOUT", s -> s.timeoutMillis == 0 ? "-" : s.timeoutMillis + " ms"),
                Column.of("LAST BEAT", s -> s.lastBeat == 0 ? "never" : age(now - s.lastBeat) + " ago"),
                Column.of("NEXT DEADLINE", s -> s.nextDeadline == 0 ? "-" : "in " + age(s.nextDeadline - now)),
                Column.of("REGIONS", s -> s.openRegions.stream().map(r -> r.name).collect(Collectors.joining(","))),
                Column.of("STATUS", s -> s.statusText == null ? "" : s.statusText));
    }

    private HeartbeatDeadlines service() {
        HeartbeatDeadlines service = heartbeats;
        if (service == null) {
            throw new IllegalStateException("the heartbeat service is not running: feature:install heartbeat");
        }
        return service;
    }

    private static String age(long millis) {
        return millis < 10_000 ? millis + " ms" : Durations.of(millis);
    }
}
