package org.swiftft.cluster.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jgroups.Address;
import org.jgroups.BytesMessage;
import org.jgroups.Event;
import org.jgroups.JChannel;
import org.jgroups.Message;
import org.jgroups.Receiver;
import org.jgroups.View;
import org.jgroups.util.NameCache;
import org.osgi.service.log.Logger;

/**
 * This runtime in the JGroups group: joins (again and again, until it is in), follows views,
 * suspicions and the other members' information, and leaves. Everything the group tells it is
 * handled on one thread, in order; {@link #snapshot()} may be called from any thread.
 */
final class GroupMembership implements Receiver {

    /** What the rest of the cluster bundle is told, on the membership's thread. */
    interface Listener {
        void viewChanged(GroupSnapshot snapshot, boolean quorumLost);

        void refused(String member, String why);

        /** A message from a member of the view (member information included, after it was noted here). */
        default void received(String member, ClusterMessage message) {
        }

        /** What this member says about itself after each view change; the hash and name are filled in here. */
        default ClusterMessage.Info info(String self, String configurationHash) {
            return new ClusterMessage.Info(self, 0, configurationHash, false, List.of(), Map.of());
        }
    }

    private static final long RETRY_MILLIS = 2_000;
    private static final long LEAVING_SETTLE_MILLIS = 300;
    private static final long WARN_AGAIN_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final ClusterSettings settings;
    private final ClusterKeys keys;
    private final Supplier<String> configurationHash;
    private final Listener listener;
    private final Logger logger;
    private final Quorum quorum;
    private final ExecutorService events;
    private final Thread joiner;
    private final Map<Address, Long> suspicions = new ConcurrentHashMap<>();
    private final Map<String, ClusterMessage.Info> infos = new ConcurrentHashMap<>();
    private final Map<String, Long> lastSeen = new ConcurrentHashMap<>();
    private final Map<String, Long> unsignedSenders = new ConcurrentHashMap<>();
    private final Set<String> left = ConcurrentHashMap.newKeySet();
    /** The view each member sent its last information from. */
    private final Map<String, Long> informedAt = new ConcurrentHashMap<>();

    private volatile JChannel channel;
    private volatile View view;
    private volatile long viewSince = System.currentTimeMillis();
    private volatile boolean hadQuorum;
    private volatile String problem = "joining";
    private volatile boolean closed;

    GroupMembership(ClusterSettings settings, Supplier<String> configurationHash, Listener listener, Logger logger) {
        this.settings = settings;
        this.keys = ClusterKeys.derive(settings.secret().key(), settings.clusterName());
        this.configurationHash = configurationHash;
        this.listener = listener;
        this.logger = logger;
        this.quorum = settings.quorum();
        this.events = Executors.newSingleThreadExecutor(task -> daemon(task, "cluster-" + settings.self() + "-events"));
        this.joiner = daemon(this::joinUntilIn, "cluster-" + settings.self() + "-join");
        JGroupsRegistrations.register(MemberToken.MAGIC, MemberToken.class);
        JGroupsRegistrations.register(SignProtocol.HEADER_MAGIC, SignProtocol.SignHeader.class);
    }

    void start() {
        joiner.start();
    }

    /** Joins; a refusal or a failure to start (port in use) is reported and tried again. */
    private void joinUntilIn() {
        while (!closed) {
            JChannel attempt = null;
            try {
                attempt = newChannel();
                channel = attempt;
                attempt.connect(settings.clusterName());
                problem = null;
                logger.info("Joined cluster {} as {}: view {}", settings.clusterName(), settings.self(), attempt.getView());
                return;
            } catch (SecurityException e) {
                problem = "the group refused this member at join: its clustered configuration (hash "
                        + configurationHash.get() + ") differs from the coordinator's, or the name " + settings.self()
                        + " is not in the coordinator's members; its log says which. Trying again every "
                        + RETRY_MILLIS / 1000 + " s";
                logger.error("Cluster {}: {}", settings.clusterName(), problem);
            } catch (Exception e) {
                problem = "cannot join at " + settings.endpoint() + ": " + e.getMessage() + "; trying again every "
                        + RETRY_MILLIS / 1000 + " s";
                logger.error("Cluster {}: {}", settings.clusterName(), problem, e);
            }
            if (attempt != null) {
                attempt.close();
            }
            channel = null;
            try {
                Thread.sleep(RETRY_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private JChannel newChannel() throws Exception {
        SignProtocol sign = new SignProtocol(keys.signing(), this::unsigned);
        SuspicionWatch watch = new SuspicionWatch(this::suspected);
        MemberToken token = new MemberToken(keys.joining(), settings.clusterName(), settings.self(),
                configurationHash.get(), this::admissionRefusal);
        JChannel created = new JChannel(GroupStack.build(settings, keys, sign, watch, token));
        created.setName(settings.self());
        created.setDiscardOwnMessages(true);
        created.setReceiver(this);
        return created;
    }

    /**
     * On the coordinator, for each joiner or merging coordinator whose token verified. A name already
     * in the view is let in: it is a restarted member whose old incarnation is not removed yet (and a
     * merge shows the leader's own name).
     */
    private String admissionRefusal(String member, String hash) {
        String why = null;
        if (!settings.members().containsKey(member)) {
            why = "it is not one of the configured members " + settings.members().keySet();
        } else if (!hash.equals(configurationHash.get())) {
            why = "its clustered configuration hash " + hash + " differs from " + configurationHash.get()
                    + " here: copy etc/org.swiftft.cluster.cfg (all but member) and the clustered watch configurations"
                    + " from a running member";
        }
        if (why != null) {
            String reason = why;
            events.execute(() -> {
                logger.warn("Cluster {}: refused {} at join: {}", settings.clusterName(), member, reason);
                listener.refused(member, reason);
            });
        }
        return why;
    }

    private void unsigned(Message msg) {
        Address source = msg.getSrc();
        String sender = source == null ? "an unknown sender" : describe(source);
        long now = System.nanoTime();
        Long warned = unsignedSenders.get(sender);
        unsignedSenders.put(sender, warned != null && now - warned < WARN_AGAIN_NANOS ? warned : now);
        if (warned == null || now - warned >= WARN_AGAIN_NANOS) {
            events.execute(() -> logger.warn("Cluster {}: dropped messages from {} that are not signed with this"
                    + " cluster's secret: it has a different secret or cluster name (every member needs the same)",
                    settings.clusterName(), sender));
        }
    }

    private String describe(Address address) {
        String name = NameCache.get(address);
        JChannel current = channel;
        Object physical = current == null ? null
                : current.getProtocolStack().getTransport().down(new Event(Event.GET_PHYSICAL_ADDRESS, address));
        return (name == null ? String.valueOf(address) : name) + (physical == null ? "" : " at " + physical);
    }

    private void suspected(Collection<Address> addresses) {
        long now = System.nanoTime();
        addresses.forEach(address -> suspicions.put(address, now));
    }

    @Override
    public void viewAccepted(View newView) {
        events.execute(() -> installed(newView));
    }

    private void installed(View newView) {
        view = newView;
        viewSince = System.currentTimeMillis();
        suspicions.keySet().retainAll(newView.getMembers());
        List<String> names = memberNames();
        infos.keySet().retainAll(names);
        left.removeAll(names);
        long now = System.currentTimeMillis();
        names.forEach(name -> lastSeen.put(name, now));
        boolean quorumNow = quorum.holds(names);
        boolean quorumLost = hadQuorum && !quorumNow;
        hadQuorum = quorumNow;
        logger.info("Cluster {}: view {} {}", settings.clusterName(), newView,
                quorumNow ? "holds the quorum (" + quorum.describe() + ")" : "holds NO quorum (" + quorum.describe() + ")");
        sendInfo(false);
        listener.viewChanged(snapshot(), quorumLost);
    }

    @Override
    public void receive(Message msg) {
        byte[] payload = msg.getArray() == null ? new byte[0] : java.util.Arrays.copyOfRange(msg.getArray(),
                msg.getOffset(), msg.getOffset() + msg.getLength());
        Address source = msg.getSrc();
        events.execute(() -> received(source, payload));
    }

    private void received(Address source, byte[] payload) {
        ClusterMessage message;
        try {
            message = ClusterCodec.decode(payload);
        } catch (IOException e) {
            logger.warn("Cluster {}: dropped a message from {}: {}", settings.clusterName(), describe(source), e.getMessage());
            return;
        }
        String name = NameCache.get(source);
        if (message instanceof ClusterMessage.Info info) {
            // kept even from a member not in the view yet: it may be sent from a view installed here next
            if (name == null || !name.equals(info.member()) || !settings.members().containsKey(name)) {
                logger.warn("Cluster {}: dropped member information naming {} from {}", settings.clusterName(),
                        info.member(), describe(source));
                return;
            }
            noted(name, info);
            informedAt.put(name, info.viewId());
            listener.received(name, info); // what it knows is true whatever view it is sent from
            return;
        }
        if (name == null || !memberNames().contains(name)) {
            return; // from a member no longer (or not yet) in the view: what it asks is out of date
        }
        lastSeen.put(name, System.currentTimeMillis());
        listener.received(name, message);
    }

    private void noted(String name, ClusterMessage.Info info) {
        if (info.leaving()) {
            left.add(name);
        }
        ClusterMessage.Info before = infos.put(name, info);
        if (!info.configurationHash().equals(configurationHash.get())
                && (before == null || !before.configurationHash().equals(info.configurationHash()))) {
            logger.warn("Cluster {}: member {} now has clustered configuration hash {}, this member {}: copy the"
                    + " clustered configuration so that every member has the same", settings.clusterName(), name,
                    info.configurationHash(), configurationHash.get());
        }
    }

    /** Tells the others of a change of this member's configuration hash or placements. */
    void announce() {
        events.execute(() -> sendInfo(false));
    }

    private void sendInfo(boolean leaving) {
        ClusterMessage.Info info = listener.info(settings.self(), configurationHash.get());
        View current = view;
        long viewId = current == null ? 0 : current.getViewId().getId();
        send(null, new ClusterMessage.Info(settings.self(), viewId, configurationHash.get(), leaving, info.placements(),
                info.running()));
    }

    /** Runs a task on the membership's thread, in order with what the group says. */
    void execute(Runnable task) {
        if (!events.isShutdown()) {
            events.execute(task);
        }
    }

    /**
     * Sends to one member by name, or to all ({@code member == null}, this one excluded). Reliable and
     * in order per sender; a member not in the view gets nothing.
     *
     * @return whether it was handed to JGroups
     */
    boolean send(String member, ClusterMessage message) {
        JChannel current = channel;
        if (current == null || !current.isConnected()) {
            return false;
        }
        Address destination = null;
        if (member != null) {
            destination = addressOf(member);
            if (destination == null) {
                return false;
            }
        }
        try {
            current.send(new BytesMessage(destination, ClusterCodec.encode(message)));
            return true;
        } catch (Exception e) {
            logger.warn("Cluster {}: cannot send to {}: {}", settings.clusterName(), member == null ? "the group" : member,
                    e.getMessage());
            return false;
        }
    }

    private Address addressOf(String member) {
        View current = view;
        if (current == null) {
            return null;
        }
        for (Address address : current.getMembers()) {
            if (member.equals(NameCache.get(address))) {
                return address;
            }
        }
        return null;
    }

    /** Each member's last information, by name (this member's own is not here). */
    Map<String, ClusterMessage.Info> infos() {
        return Map.copyOf(infos);
    }

    /** The names in the current view, in view order (the coordinator first). */
    List<String> memberNames() {
        View current = view;
        List<String> names = new ArrayList<>();
        if (current != null) {
            for (Address address : current.getMembers()) {
                String name = NameCache.get(address);
                names.add(name == null ? String.valueOf(address) : name);
            }
        }
        return names;
    }

    GroupSnapshot snapshot() {
        View current = view;
        List<String> names = memberNames();
        long suspicionWindow = TimeUnit.MILLISECONDS.toNanos(settings.heartbeatTimeout().toMillis()
                + settings.verifyTimeout().toMillis() + settings.heartbeatInterval().toMillis());
        long now = System.nanoTime();
        Set<String> suspected = ConcurrentHashMap.newKeySet();
        suspicions.forEach((address, at) -> {
            if (now - at < suspicionWindow) {
                String name = NameCache.get(address);
                suspected.add(name == null ? String.valueOf(address) : name);
            }
        });
        Map<String, String> hashes = new java.util.TreeMap<>();
        infos.forEach((name, info) -> hashes.put(name, info.configurationHash()));
        hashes.put(settings.self(), configurationHash.get());
        return new GroupSnapshot(settings, current == null ? 0 : current.getViewId().getId(),
                names.isEmpty() ? null : names.get(0), names, quorum.holds(names), viewSince, Set.copyOf(suspected),
                hashes, Map.copyOf(lastSeen), Set.copyOf(left), problem, new ArrayList<>(unsignedSenders.keySet()),
                informed(current, names));
    }

    /** The channel now, or {@code null} between attempts to join; for tests that cut or tamper below it. */
    JChannel channel() {
        return channel;
    }

    /** The members of the view whose information was sent from this view or a later one, this one included. */
    private Set<String> informed(View current, List<String> names) {
        long id = current == null ? 0 : current.getViewId().getId();
        Set<String> informed = new java.util.HashSet<>();
        informed.add(settings.self());
        names.stream().filter(name -> informedAt.getOrDefault(name, -1L) >= id).forEach(informed::add);
        return Set.copyOf(informed);
    }

    /** Leaves on purpose: the others see LEFT, not a lost member. */
    void leave() {
        try {
            events.submit(() -> sendInfo(true)).get(1, TimeUnit.SECONDS);
            // JGroups drops what a member sent once the others installed a view without it: give the
            // word "leaving" time to arrive before the channel's leave request does
            Thread.sleep(LEAVING_SETTLE_MILLIS);
        } catch (Exception e) {
            logger.warn("Cluster {}: could not announce leaving: {}", settings.clusterName(), e.toString());
        }
        close();
    }

    void close() {
        closed = true;
        joiner.interrupt();
        JChannel current = channel;
        if (current != null) {
            current.close();
        }
        events.shutdown();
    }

    private static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }
}
