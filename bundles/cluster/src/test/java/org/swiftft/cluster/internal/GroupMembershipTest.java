package org.swiftft.cluster.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import org.jgroups.protocols.DISCARD;
import org.jgroups.stack.ProtocolStack;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.swiftft.libft.peer.SharedSecret;

/**
 * Real JGroups channels on loopback, in this JVM: joining, quorum, and refusals. Crashes and frozen
 * runtimes (separate JVMs, signals) are in the integration tests.
 */
class GroupMembershipTest {

    private static final byte[] SECRET = "correct horse battery staple".getBytes();

    private final int basePort = 20_000 + ThreadLocalRandom.current().nextInt(400) * 50;
    private final List<GroupMembership> started = new ArrayList<>();
    private final Map<String, List<String>> refusals = new LinkedHashMap<>();
    private final Map<String, List<Boolean>> quorumLosses = new LinkedHashMap<>();

    @AfterEach
    void close() {
        started.forEach(GroupMembership::close);
    }

    @Test
    void membersSharingNameAndSecretFormOneViewHoldingTheQuorum() throws Exception {
        GroupMembership a = start("a", SECRET, "h1");
        await(() -> !a.snapshot().members().isEmpty(), "a's first view");
        GroupMembership b = start("b", SECRET, "h1");
        GroupMembership c = start("c", SECRET, "h1");
        await(() -> everyoneSees(3, a, b, c), "a view of three on every member");
        GroupSnapshot view = c.snapshot();
        assertTrue(view.quorum());
        assertEquals(List.of("a", "b", "c"), view.members().stream().sorted().toList());
        // each member's information follows the view that let it in
        await(() -> c.snapshot().hashes().containsKey("a"), "a's information at c");
        assertEquals("h1", c.snapshot().hashes().get("a"));
    }

    @Test
    void membersFindEachOtherByMulticastDiscovery() throws Exception {
        String group = "228.8." + ThreadLocalRandom.current().nextInt(1, 250) + "." + ThreadLocalRandom.current().nextInt(1, 250);
        List<GroupMembership> members = new ArrayList<>();
        for (String name : List.of("a", "b", "c")) {
            ClusterSettings settings = settings(name, SECRET, threeMembers());
            settings = new ClusterSettings(settings.clusterName(), name, settings.members(), settings.secret(),
                    ClusterSettings.Discovery.MULTICAST, new InetSocketAddress(group, 45_000 + basePort % 1000),
                    settings.heartbeatInterval(), settings.heartbeatTimeout(), settings.verifyTimeout(),
                    settings.joinTimeout(), "");
            members.add(start(settings, "h1", new RecordingLogger(name)));
            if (name.equals("a")) {
                await(() -> !members.get(0).snapshot().members().isEmpty(), "a's first view");
            }
        }
        await(() -> everyoneSees(3, members.toArray(GroupMembership[]::new)), "a view of three found by multicast");
    }

    @Test
    void aMemberWithAnotherSecretNeverJoinsAndBothSidesSayWhy() throws Exception {
        GroupMembership a = start("a", SECRET, "h1");
        await(() -> !a.snapshot().members().isEmpty(), "a's first view");
        GroupMembership b = start("b", SECRET, "h1");
        await(() -> everyoneSees(2, a, b), "a view of a and b");
        RecordingLogger intruderLog = new RecordingLogger("c");
        GroupMembership c = start("c", "another secret, also long".getBytes(), "h1", intruderLog);
        await(() -> !c.snapshot().members().isEmpty(), "c's own view");
        await(() -> !a.snapshot().unsignedSenders().isEmpty() && !c.snapshot().unsignedSenders().isEmpty(),
                "both sides dropping the other's unsigned messages");
        Thread.sleep(3_000);
        assertEquals(List.of("c"), c.snapshot().members());
        assertFalse(c.snapshot().quorum());
        assertEquals(2, a.snapshot().members().size());
        assertTrue(intruderLog.saw("not signed with this cluster's secret"));
    }

    @Test
    void aMemberWithAnotherClusteredConfigurationIsRefusedAtJoin() throws Exception {
        GroupMembership a = start("a", SECRET, "h1");
        await(() -> !a.snapshot().members().isEmpty(), "a's first view");
        GroupMembership b = start("b", SECRET, "h2");
        await(() -> b.snapshot().problem() != null && b.snapshot().problem().contains("refused"), "b refused");
        assertTrue(refusals.get("a").stream().anyMatch(why -> why.contains("hash h2 differs from h1")), refusals.toString());
        assertEquals(List.of("a"), a.snapshot().members());
    }

    @Test
    void aNameNotConfiguredIsRefusedAtJoin() throws Exception {
        GroupMembership a = start("a", SECRET, "h1");
        await(() -> !a.snapshot().members().isEmpty(), "a's first view");
        Map<String, InetSocketAddress> members = threeMembers();
        members.put("d", endpoint(9));
        ClusterSettings stranger = settings("d", SECRET, members);
        GroupMembership d = start(stranger, "h1", new RecordingLogger("d"));
        await(() -> d.snapshot().problem() != null && d.snapshot().problem().contains("refused"), "d refused");
        assertTrue(refusals.get("a").stream().anyMatch(why -> why.contains("not one of the configured members")));
    }

    @Test
    void aTamperedMessageIsDropped() throws Exception {
        GroupMembership a = start("a", SECRET, "h1");
        await(() -> !a.snapshot().members().isEmpty(), "a's first view");
        GroupMembership b = start("b", SECRET, "h1");
        await(() -> everyoneSees(2, a, b), "a view of a and b");
        GroupMembership c = start("c", SECRET, "h1");
        await(() -> everyoneSees(3, a, b, c), "a view of three");
        BitFlipper flipper = new BitFlipper();
        c.channel().getProtocolStack().insertProtocol(flipper, ProtocolStack.Position.ABOVE, org.jgroups.protocols.TCP_NIO2.class);
        flipper.on = true;
        await(() -> !a.snapshot().members().contains("c") && !b.snapshot().members().contains("c"),
                "c removed by a and b, its every message dropped");
        assertTrue(a.snapshot().unsignedSenders().stream().anyMatch(sender -> sender.startsWith("c")),
                a.snapshot().unsignedSenders().toString());
    }

    @Test
    void aCutOffMemberIsRemovedWithinTwoSecondsAndLosesTheQuorum() throws Exception {
        GroupMembership a = start("a", SECRET, "h1");
        await(() -> !a.snapshot().members().isEmpty(), "a's first view");
        GroupMembership b = start("b", SECRET, "h1");
        GroupMembership c = start("c", SECRET, "h1");
        await(() -> everyoneSees(3, a, b, c), "a view of three");
        DISCARD cut = new DISCARD();
        c.channel().getProtocolStack().insertProtocol(cut, ProtocolStack.Position.ABOVE, org.jgroups.protocols.TCP_NIO2.class);
        long start = System.nanoTime();
        cut.discardAll(true);
        await(() -> a.snapshot().members().size() == 2 && b.snapshot().members().size() == 2, "c removed");
        long removedAfter = Duration.ofNanos(System.nanoTime() - start).toMillis();
        assertTrue(removedAfter < 2_000, "removed after " + removedAfter + " ms");
        assertTrue(a.snapshot().quorum());
        await(() -> c.snapshot().members().equals(List.of("c")), "c alone");
        assertFalse(c.snapshot().quorum());
        assertTrue(quorumLosses.get("c").contains(true));
        cut.discardAll(false);
        await(() -> everyoneSees(3, a, b, c), "the partition healed by a merge");
    }

    private boolean everyoneSees(int size, GroupMembership... members) {
        for (GroupMembership member : members) {
            if (member.snapshot().members().size() != size) {
                return false;
            }
        }
        return true;
    }

    private GroupMembership start(String name, byte[] secret, String hash) throws Exception {
        return start(name, secret, hash, new RecordingLogger(name));
    }

    private GroupMembership start(String name, byte[] secret, String hash, RecordingLogger log) throws Exception {
        return start(settings(name, secret, threeMembers()), hash, log);
    }

    private GroupMembership start(ClusterSettings settings, String hash, RecordingLogger log) {
        List<String> refused = refusals.computeIfAbsent(settings.self(), k -> new CopyOnWriteArrayList<>());
        List<Boolean> losses = quorumLosses.computeIfAbsent(settings.self(), k -> new CopyOnWriteArrayList<>());
        GroupMembership member = new GroupMembership(settings, () -> hash, new GroupMembership.Listener() {
            @Override
            public void viewChanged(GroupSnapshot snapshot, boolean quorumLost) {
                losses.add(quorumLost);
            }

            @Override
            public void refused(String member, String why) {
                refused.add(why);
            }
        }, log.logger);
        started.add(member);
        member.start();
        return member;
    }

    private Map<String, InetSocketAddress> threeMembers() {
        Map<String, InetSocketAddress> members = new LinkedHashMap<>();
        members.put("a", endpoint(0));
        members.put("b", endpoint(1));
        members.put("c", endpoint(2));
        return members;
    }

    private InetSocketAddress endpoint(int index) {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), basePort + index);
    }

    private static ClusterSettings settings(String self, byte[] secret, Map<String, InetSocketAddress> members) {
        return new ClusterSettings("test", self, members, new SharedSecret(secret), ClusterSettings.Discovery.STATIC,
                new InetSocketAddress("228.8.8.8", 45588), Duration.ofMillis(200), Duration.ofMillis(1_000),
                Duration.ofMillis(300), Duration.ofMillis(1_000), "");
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 20 s: " + what);
            }
            Thread.sleep(20);
        }
        assertNotNull(what);
    }
}
