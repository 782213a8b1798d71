package org.swiftft.cluster.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.swiftft.cluster.internal.GroupMembershipTest.await;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.jgroups.protocols.DISCARD;
import org.jgroups.stack.ProtocolStack;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.swiftft.cluster.FailoverDTO;
import org.swiftft.libft.peer.SharedSecret;
import org.swiftft.policy.ReplicationPlan;

/**
 * Placements, epochs, leases and fail-overs among three members in this JVM over real JGroups
 * channels; applications are entries in a {@link StandInRuntime}. The real processes, signals and
 * runtimes are in the integration tests.
 */
class ClusterNodeTest {

    private static final byte[] SECRET = "correct horse battery staple".getBytes();

    @TempDir
    Path state;

    private final int basePort = 30_000 + ThreadLocalRandom.current().nextInt(400) * 50;
    private final Map<String, ClusterNode> nodes = new LinkedHashMap<>();
    private final Map<String, StandInRuntime> runtimes = new LinkedHashMap<>();
    private final List<ClusterNode> all = new ArrayList<>();

    @AfterEach
    void close() {
        all.forEach(ClusterNode::close);
    }

    @Test
    void theApplicationRunsOnItsFirstHostOnlyAndMovesWhenThatHostIsCutOff() throws Exception {
        startThree();
        await(() -> primaryOf("app") != null, "a primary");
        assertEquals("a", primaryOf("app"));
        await(() -> runtimes.get("a").runs("app"), "app running on a");
        assertEquals("primary", runtimes.get("a").role("app"));
        assertFalse(runtimes.get("b").runs("app") || runtimes.get("c").runs("app"));
        long firstEpoch = nodes.get("b").known("app").epoch();
        await(() -> nodes.get("a").serving("app"), "a holding the lease");

        cut("a");
        await(() -> "b".equals(nodes.get("b").known("app").primary()) && runtimes.get("b").runs("app"), "app on b");
        assertTrue(nodes.get("b").known("app").epoch() > firstEpoch);
        await(() -> !runtimes.get("a").runs("app"), "a fenced: app stopped on the minority side");
        assertFalse(nodes.get("a").serving("app"));
        assertTrue(runtimes.get("a").events.contains("FENCED app"), runtimes.get("a").events.toString());
        FailoverDTO moved = lastFailover("b", "app", "b");
        assertEquals(FailoverDTO.Trigger.HOST_LOST, moved.trigger);
        assertEquals("a", moved.from);
        assertEquals("b", moved.to);

        heal("a");
        await(() -> nodes.get("a").known("app").epoch() == nodes.get("b").known("app").epoch(), "a learns the new epoch");
        Thread.sleep(1_000);
        assertFalse(runtimes.get("a").runs("app"), "the old primary must not run it again");
        assertTrue(runtimes.get("b").runs("app"));
    }

    @Test
    void aHostThatCannotStartItIsReportedAndTheNextOneTried() throws Exception {
        startThree();
        await(() -> runtimes.get("a").runs("app"), "app on a");
        runtimes.get("b").cannotStart.add("app");
        cut("a");
        await(() -> runtimes.get("c").runs("app"), "app on c after b failed to start it");
        FailoverDTO moved = lastFailover("c", "app", "c");
        assertEquals(List.of("b", "c"), moved.tried);
        assertTrue(moved.message.contains("cannot launch app here"), moved.message);
    }

    @Test
    void aPlannedMoveStopsItOnTheOldPrimaryBeforeTheNewOneStarts() throws Exception {
        startThree();
        await(() -> runtimes.get("a").runs("app"), "app on a");
        FailoverDTO moved = nodes.get("c").move("app", "c", FailoverDTO.Trigger.PLANNED, "test").get(20, TimeUnit.SECONDS);
        assertEquals("c", moved.to);
        assertTrue(runtimes.get("c").runs("app"));
        assertFalse(runtimes.get("a").runs("app"));
    }

    @Test
    void aLeavingMemberMovesItsApplicationFirstAndIsSeenLeftNotLost() throws Exception {
        startThree();
        await(() -> runtimes.get("a").runs("app"), "app on a");
        FailoverDTO moved = nodes.get("a").move("app", null, FailoverDTO.Trigger.PLANNED, "a is leaving")
                .get(20, TimeUnit.SECONDS);
        assertEquals("b", moved.to, "the policy's fallback: the first healthy host after a");
        nodes.get("a").leave();
        await(() -> nodes.get("b").snapshot().members().size() == 2, "a gone from b's view");
        org.swiftft.cluster.MemberDTO a = MemberTable.of(nodes.get("b").snapshot()).get(0);
        assertEquals(org.swiftft.cluster.MemberDTO.State.LEFT, a.state);
        assertTrue(runtimes.get("b").runs("app"));
        assertFalse(runtimes.get("a").runs("app"));
    }

    @Test
    void warmStandbysRunAndTheChosenOneIsPromoted() throws Exception {
        startThree(ReplicationPlan.warm(1, "test"));
        await(() -> runtimes.get("a").runs("app") && runtimes.get("b").runs("app"), "primary on a, standby on b");
        assertEquals("standby", runtimes.get("b").role("app"));
        assertFalse(runtimes.get("c").runs("app"));
        cut("a");
        await(() -> "primary".equals(runtimes.get("b").role("app")), "b promoted");
        assertTrue(runtimes.get("b").events.stream().anyMatch(event -> event.startsWith("request PROMOTE")),
                runtimes.get("b").events.toString());
    }

    @Test
    void aStandbyThatCannotBePromotedIsStartedAsPrimaryInstead() throws Exception {
        startThree(ReplicationPlan.warm(1, "test"));
        await(() -> runtimes.get("a").runs("app") && runtimes.get("b").runs("app"), "primary on a, standby on b");
        runtimes.get("b").refusesPromotion = true;
        cut("a");
        await(() -> "primary".equals(runtimes.get("b").role("app")), "b started as primary");
        assertEquals("b", lastFailover("c", "app", "b").to);
    }

    private void startThree() throws Exception {
        startThree(null);
    }

    private void startThree(ReplicationPlan plan) throws Exception {
        Map<String, InetSocketAddress> members = new LinkedHashMap<>();
        for (int i = 0; i < 3; i++) {
            members.put(String.valueOf((char) ('a' + i)), new InetSocketAddress(InetAddress.getLoopbackAddress(), basePort + i));
        }
        ClusteredApplication app = new ClusteredApplication("app", List.of("a", "b", "c"), "scheme", List.of(), 0, 0, 5_000);
        for (String name : members.keySet()) {
            ClusterSettings settings = new ClusterSettings("test", name, members, new SharedSecret(SECRET),
                    ClusterSettings.Discovery.STATIC, new InetSocketAddress("228.8.8.8", 45588), Duration.ofMillis(200),
                    Duration.ofMillis(1_000), Duration.ofMillis(300), Duration.ofMillis(1_000), "");
            StandInRuntime runtime = new StandInRuntime();
            if (plan != null) {
                runtime.scheme = placement -> plan;
            }
            ClusterNode node = new ClusterNode(settings, state.resolve(name), () -> "h", runtime, new RecordingLogger(name).logger);
            node.applications(Map.of("app", app));
            nodes.put(name, node);
            runtimes.put(name, runtime);
            all.add(node);
            node.start();
            if (name.equals("a")) {
                await(() -> !node.snapshot().members().isEmpty(), "a's first view");
            }
        }
        await(() -> nodes.values().stream().allMatch(node -> node.snapshot().members().size() == 3), "a view of three");
    }

    private String primaryOf(String application) {
        Placement known = nodes.get("c").known(application);
        return known.committed() ? known.primary() : null;
    }

    /** The last report on {@code on}, once it is a move to {@code to} (the first placement's, from nobody, may come first or not at all). */
    private FailoverDTO lastFailover(String on, String application, String to) throws InterruptedException {
        await(() -> {
            List<FailoverDTO> history = nodes.get(on).history(application);
            return !history.isEmpty() && to.equals(history.get(history.size() - 1).to)
                    && history.get(history.size() - 1).from != null; // not the first placement's
        }, "the report of the move to " + to + " on " + on);
        List<FailoverDTO> history = nodes.get(on).history(application);
        return history.get(history.size() - 1);
    }

    private final Map<String, DISCARD> cuts = new LinkedHashMap<>();

    private void cut(String name) throws Exception {
        DISCARD discard = new DISCARD();
        nodes.get(name).group().channel().getProtocolStack().insertProtocol(discard, ProtocolStack.Position.ABOVE, org.jgroups.protocols.TCP_NIO2.class);
        discard.discardAll(true);
        cuts.put(name, discard);
    }

    private void heal(String name) {
        cuts.remove(name).discardAll(false);
    }
}
