package org.swiftft.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import javax.inject.Inject;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;
import org.swiftft.feature.FeatureDTO;
import org.swiftft.feature.FeatureException;
import org.swiftft.detector.ApplicationSupervisor;
import org.swiftft.detector.WatchSpec;
import org.swiftft.feature.FeatureService;
import org.swiftft.heartbeat.HeartbeatConstants;
import org.swiftft.heartbeat.HeartbeatCredentials;
import org.swiftft.heartbeat.HeartbeatDeadlines;
import org.swiftft.heartbeat.HeartbeatProtocol;
import org.swiftft.heartbeat.HeartbeatSpec;
import org.swiftft.heartbeat.MissedDeadline;
import org.swiftft.policy.FailureContext;
import org.swiftft.policy.PolicyFailedException;
import org.swiftft.policy.PolicyScriptDTO;
import org.swiftft.policy.PolicyScripts;
import org.swiftft.policy.RestartPolicy;

/**
 * The runtime's bundles in a real Felix, booted from the distribution's default features exactly as
 * bin/swiftd boots them (same jars, same locations).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class RuntimeIT {

    private static final long WAIT_MS = 10_000;

    @Inject
    private BundleContext context;

    @Inject
    private ConfigurationAdmin configurationAdmin;

    @Inject
    private FeatureService features;

    private Path scripts;

    @Configuration
    public Option[] configuration() throws Exception {
        return TestRuntime.paxOptions("pax", "default").toArray(new Option[0]);
    }

    @Before
    public void privateScriptsFolder() throws Exception {
        scripts = Files.createTempDirectory(Path.of(System.getProperty("swift.itest.home")), "scripts");
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("scripts.dir", scripts.toString());
        properties.put("call.deadline.ms", 200L);
        properties.put("broken.after.timeouts", 3);
        properties.put("settle.ms", 20L);
        configurationAdmin.getConfiguration("org.swiftft.policy", "?").update(properties);
        PolicyScripts engine = service(PolicyScripts.class);
        await("the policy engine watches " + scripts, () -> engine.scripts().isEmpty());
    }

    @Test
    public void everyBundleOfTheDefaultFeaturesIsActive() throws Exception {
        List<String> notActive = new ArrayList<>();
        for (String location : System.getProperty("swift.itest.locations").split("\\|")) {
            Bundle bundle = context.getBundle(location);
            if (bundle == null || bundle.getState() != Bundle.ACTIVE) {
                notActive.add(location + (bundle == null ? " not installed" : " state " + bundle.getState()));
            }
        }
        assertEquals("bundles not active: " + notActive, List.of(), notActive);
        java.util.Map<String, FeatureDTO> byName = new java.util.HashMap<>();
        features.features().forEach(feature -> byName.put(feature.name, feature));
        java.util.Deque<String> toCheck = new java.util.ArrayDeque<>(List.of("default"));
        java.util.Set<String> checked = new java.util.HashSet<>();
        while (!toCheck.isEmpty()) { // default and what it requires; opt-in features (cluster) are not booted
            FeatureDTO feature = byName.get(toCheck.pop());
            if (feature != null && checked.add(feature.name)) {
                assertTrue(feature.name + " installed", feature.installed);
                toCheck.addAll(feature.requires);
            }
        }
        assertTrue("default and the features it requires", checked.size() > 5);
    }

    @Test
    public void editedScriptChangesBehaviourBrokenEditKeepsOldDeletedScriptGoes() throws Exception {
        Path file = scripts.resolve("fixed.groovy");
        Files.writeString(file, restartAfter(1111));
        await("policy 'fixed' answers 1111", () -> delayOf("fixed") == 1111);

        Files.writeString(file, restartAfter(2222));
        await("policy 'fixed' answers 2222 after the edit", () -> delayOf("fixed") == 2222);

        Files.writeString(file, "import org.swiftft.policy.*\nclass Broken implements RestartPolicy {\n  oops(\n}\n");
        PolicyScripts engine = service(PolicyScripts.class);
        await("the broken edit is reported", () -> engine.script("fixed").get().lastError != null);
        PolicyScriptDTO stale = engine.script("fixed").get();
        assertEquals(PolicyScriptDTO.State.STALE, stale.state);
        assertTrue(stale.lastError, stale.lastError.startsWith(file + ":3:") || stale.lastError.startsWith(file + ":4:"));
        assertEquals("the previous version keeps answering", 2222, delayOf("fixed"));

        Files.writeString(file, restartAfter(2222));
        await("putting the file back as it was clears the error",
                () -> engine.script("fixed").get().state == PolicyScriptDTO.State.ACTIVE);

        Files.delete(file);
        await("the service is gone with its file", () -> policies("fixed").length == 0);
        assertTrue(engine.script("fixed").isEmpty());
    }

    @Test
    public void swapNeverLeavesAGapNorADuplicate() throws Exception {
        Path file = scripts.resolve("swapped.groovy");
        Files.writeString(file, restartAfter(0));
        await("policy 'swapped' is live", () -> policies("swapped").length == 1);
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger wrongCounts = new AtomicInteger();
        AtomicInteger lookups = new AtomicInteger();
        Thread consumer = new Thread(() -> {
            while (running.get()) {
                if (policies("swapped").length != 1) {
                    wrongCounts.incrementAndGet();
                }
                lookups.incrementAndGet();
            }
        });
        consumer.start();
        try {
            for (int version = 1; version <= 20; version++) {
                int expected = version;
                Files.writeString(file, restartAfter(expected));
                await("version " + expected + " is live", () -> delayOf("swapped") == expected);
            }
        } finally {
            running.set(false);
            consumer.join();
        }
        assertTrue("the consumer looked often enough to see a gap", lookups.get() > 1000);
        assertEquals("lookups that found no policy or two", 0, wrongCounts.get());
    }

    @Test
    public void endlessLoopFailsTheCallerFastThenIsMarkedBroken() throws Exception {
        Files.writeString(scripts.resolve("spin.groovy"), """
                import org.swiftft.policy.*
                class Spin implements RestartPolicy {
                    RestartDecision onFailure(FailureContext f) { while (true) { } }
                }
                """);
        await("policy 'spin' is live", () -> policies("spin").length == 1);
        RestartPolicy spin = (RestartPolicy) context.getService(policies("spin")[0]);
        for (int i = 0; i < 3; i++) {
            long started = System.nanoTime();
            try {
                spin.onFailure(failure());
                fail("an endless loop cannot answer");
            } catch (PolicyFailedException e) {
                assertEquals(PolicyFailedException.Reason.TIMED_OUT, e.reason());
            }
            long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertTrue("the caller waited " + tookMs + " ms for a 200 ms deadline", tookMs < 1000);
        }
        PolicyScripts engine = service(PolicyScripts.class);
        assertEquals(PolicyScriptDTO.State.BROKEN, engine.script("spin").get().state);
        try {
            spin.onFailure(failure());
            fail("a broken policy is not called");
        } catch (PolicyFailedException e) {
            assertEquals(PolicyFailedException.Reason.BROKEN, e.reason());
        }
    }

    @Test
    public void consumerKeepsWorkingWhileThePolicyBundleIsUninstalledAndRebindsAfterReinstall() throws Exception {
        Object commands = command("policy");
        Method list = commands.getClass().getMethod("list");
        list.invoke(commands);

        features.uninstall("policy");
        assertEquals(0, context.getServiceReferences(PolicyScripts.class, null).size());
        try {
            list.invoke(commands);
            fail("no engine, no list");
        } catch (java.lang.reflect.InvocationTargetException e) {
            assertTrue(e.getCause().getMessage(), e.getCause().getMessage().contains("feature:install policy"));
        }
        assertSame("the consumer itself stayed active", commands, command("policy"));

        features.install("policy");
        privateScriptsFolder();
        assertNotNull(list.invoke(commands));
        assertSame("the same consumer rebound", commands, command("policy"));
    }

    @Test
    public void badConfigurationValueIsNamedAndTheEngineGoesOn() throws Exception {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("scripts.dir", scripts.toString());
        properties.put("call.deadline.ms", "abc");
        properties.put("max.call.threads", 0);
        properties.put("settle.ms", 20L);
        configurationAdmin.getConfiguration("org.swiftft.policy", "?").update(properties);
        Files.writeString(scripts.resolve("after-typo.groovy"), restartAfter(3333));
        await("a script still loads after a bad configuration value", () -> delayOf("after-typo") == 3333);
    }

    @Test
    public void deletedScriptsFolderTakesItsPoliciesAndBringsThemBack() throws Exception {
        Files.writeString(scripts.resolve("kept.groovy"), restartAfter(4444));
        await("policy 'kept' is live", () -> delayOf("kept") == 4444);
        Files.delete(scripts.resolve("kept.groovy"));
        Files.delete(scripts);
        await("the policies of a deleted folder are gone", () -> policies("kept").length == 0);
        Files.createDirectories(scripts);
        Files.writeString(scripts.resolve("kept.groovy"), restartAfter(5555));
        await("the folder is watched again once it is back", () -> delayOf("kept") == 5555);
    }

    @Test
    public void heartbeatsByDatagramKeepAnApplicationAliveAndSilenceIsPublishedAsLate() throws Exception {
        HeartbeatDeadlines heartbeats = service(HeartbeatDeadlines.class);
        java.util.concurrent.BlockingQueue<org.osgi.service.event.Event> late = new java.util.concurrent.LinkedBlockingQueue<>();
        Hashtable<String, Object> topic = new Hashtable<>();
        topic.put(org.osgi.service.event.EventConstants.EVENT_TOPIC, HeartbeatConstants.TOPIC_LATE);
        var handler = context.registerService(org.osgi.service.event.EventHandler.class, late::add, topic);
        try {
            java.util.concurrent.BlockingQueue<MissedDeadline> missed = new java.util.concurrent.LinkedBlockingQueue<>();
            HeartbeatCredentials credentials = heartbeats.track("it-app", new HeartbeatSpec(300, 0), missed::add);
            String[] endpoint = credentials.environment().get(HeartbeatProtocol.ENV_HEARTBEAT).split(":");
            java.net.InetSocketAddress target = new java.net.InetSocketAddress(endpoint[0], Integer.parseInt(endpoint[1]));
            try (java.nio.channels.DatagramChannel child = java.nio.channels.DatagramChannel.open()) {
                for (int i = 0; i < 10; i++) {
                    child.send(java.nio.ByteBuffer.wrap((credentials.token() + " HB").getBytes()), target);
                    Thread.sleep(100);
                }
            }
            assertTrue("no verdict while heartbeats came", missed.isEmpty());
            assertEquals(10, heartbeats.application("it-app").get().accepted);
            MissedDeadline verdict = missed.poll(5, TimeUnit.SECONDS);
            assertNotNull("silence is a hang", verdict);
            assertEquals(MissedDeadline.Kind.HEARTBEAT, verdict.kind());
            org.osgi.service.event.Event event = late.poll(5, TimeUnit.SECONDS);
            assertNotNull("the verdict is published on EventAdmin", event);
            assertEquals("it-app", event.getProperty(HeartbeatConstants.EVENT_APPLICATION));
        } finally {
            handler.unregister();
            heartbeats.untrack("it-app");
        }
    }

    @Test
    public void frozenProcessMissesItsHeartbeatsIsKilledAndRestarted() throws Exception {
        ApplicationSupervisor supervisor = service(ApplicationSupervisor.class);
        WatchSpec spec = new WatchSpec();
        spec.name = "beater";
        spec.command = "bash";
        // The README's one-liner, every 100 ms.
        spec.args = List.of("-c", "while true; do echo \"$SWIFT_TOKEN HB\" > /dev/udp/${SWIFT_HEARTBEAT%:*}/${SWIFT_HEARTBEAT#*:}; sleep 0.1; done");
        spec.heartbeatTimeoutMillis = 1000;
        spec.stopGraceMillis = 500;
        try {
            long first = supervisor.watch(spec).pid;
            HeartbeatDeadlines heartbeats = service(HeartbeatDeadlines.class);
            await("the child heartbeats", () -> heartbeats.application("beater").map(a -> a.accepted > 3).orElse(false));
            Thread.sleep(1500);
            assertTrue("a heartbeating child is not hung", supervisor.history("beater").stream()
                    .noneMatch(h -> h.type == org.swiftft.detector.HistoryEntryDTO.Type.HUNG));

            new ProcessBuilder("kill", "-STOP", Long.toString(first)).start().waitFor();
            await("the frozen child is replaced", () -> supervisor.application("beater")
                    .map(a -> a.pid > 0 && a.pid != first && a.restarts == 1).orElse(false));
            org.swiftft.detector.VerdictDTO verdict = supervisor.application("beater").get().lastVerdict;
            assertEquals(org.swiftft.detector.VerdictDTO.Kind.HANG, verdict.kind);
            assertEquals(org.swiftft.detector.VerdictDTO.Lateness.HEARTBEAT, verdict.lateness);
            assertTrue("the frozen process is gone", ProcessHandle.of(first).map(h -> !h.isAlive()).orElse(true));
        } finally {
            supervisor.unwatch("beater").toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    public void busyLoopThatStopsHeartbeatingIsHungWhileItsOpenRegionAndLastBeatShow() throws Exception {
        ApplicationSupervisor supervisor = service(ApplicationSupervisor.class);
        WatchSpec spec = new WatchSpec();
        spec.name = "spinner";
        spec.command = "bash";
        // heartbeats for a while inside a long region, then spins without a heartbeat, as a livelocked server does
        spec.args = List.of("-c", "send() { echo \"$SWIFT_TOKEN $*\" > /dev/udp/${SWIFT_HEARTBEAT%:*}/${SWIFT_HEARTBEAT#*:}; };"
                + " send ENTER work 60000; for i in $(seq 15); do send HB; sleep 0.1; done; while :; do :; done");
        spec.heartbeatTimeoutMillis = 800;
        spec.stopGraceMillis = 500;
        try {
            long first = supervisor.watch(spec).pid;
            await("its region and heartbeats show", () -> supervisor.application("spinner")
                    .map(a -> a.openRegions.contains("work") && a.lastSignOfLifeAt > 0).orElse(false));
            await("the spinning process is replaced", () -> supervisor.application("spinner")
                    .map(a -> a.pid > 0 && a.pid != first && a.restarts == 1).orElse(false));
            org.swiftft.detector.VerdictDTO verdict = supervisor.application("spinner").get().lastVerdict;
            assertEquals(org.swiftft.detector.VerdictDTO.Kind.HANG, verdict.kind);
            assertEquals(org.swiftft.detector.VerdictDTO.Lateness.HEARTBEAT, verdict.lateness);
            assertTrue("the spinning process is gone", ProcessHandle.of(first).map(h -> !h.isAlive()).orElse(true));
        } finally {
            supervisor.unwatch("spinner").toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    public void daemonWrittenForSystemdHeartbeatsThroughNotifySocket() throws Exception {
        ApplicationSupervisor supervisor = service(ApplicationSupervisor.class);
        WatchSpec spec = new WatchSpec();
        spec.name = "systemd-style";
        spec.command = "python3";
        // What sd_notify(3) does: datagrams to $NOTIFY_SOCKET ('@' is the abstract namespace).
        spec.args = List.of("-c", "import os, socket, time\n"
                + "a = os.environ['NOTIFY_SOCKET']; a = '\\0' + a[1:] if a.startswith('@') else a\n"
                + "s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)\n"
                + "s.sendto(b'READY=1\\nSTATUS=up', a)\n"
                + "while True:\n    s.sendto(b'WATCHDOG=1', a); time.sleep(0.1)\n");
        spec.heartbeatTimeoutMillis = 1000;
        spec.stopGraceMillis = 500;
        try {
            supervisor.watch(spec);
            HeartbeatDeadlines heartbeats = service(HeartbeatDeadlines.class);
            await("READY and watchdog pings arrive", () -> heartbeats.application("systemd-style")
                    .map(a -> a.ready && a.accepted > 5 && "up".equals(a.statusText)).orElse(false));
            Thread.sleep(1500);
            assertTrue("a pinging daemon is not hung", supervisor.history("systemd-style").stream()
                    .noneMatch(h -> h.type == org.swiftft.detector.HistoryEntryDTO.Type.HUNG));
        } finally {
            supervisor.unwatch("systemd-style").toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    public void configurationFileWatchesAnApplicationAndItsRemovalForgetsIt() throws Exception {
        ApplicationSupervisor supervisor = service(ApplicationSupervisor.class);
        org.osgi.service.cm.Configuration file = configurationAdmin.getFactoryConfiguration("org.swiftft.watch",
                "configured", "?");
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("command", "sleep");
        properties.put("args", new String[] {"60"});
        properties.put("stop.grace.ms", 500L);
        file.update(properties);
        await("the configured application runs", () -> supervisor.application("configured")
                .map(a -> a.state == org.swiftft.detector.ApplicationDTO.State.RUNNING
                        && a.origin == org.swiftft.detector.ApplicationDTO.Origin.CONFIGURATION).orElse(false));
        long pid = supervisor.application("configured").get().pid;
        file.delete();
        await("deleting the configuration forgets the application", () -> supervisor.application("configured").isEmpty());
        await("and stops its process", () -> ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true));
    }

    @Test
    public void secondFileNamingAWatchedApplicationIsWatchedOnceTheFirstIsGone() throws Exception {
        ApplicationSupervisor supervisor = service(ApplicationSupervisor.class);
        org.osgi.service.cm.Configuration first = twin("first", "60");
        await("the first file's application runs", () -> supervisor.application("twin").map(a -> a.pid > 0).orElse(false));
        long firstPid = supervisor.application("twin").get().pid;
        org.osgi.service.cm.Configuration second = twin("second", "61");
        Thread.sleep(500);
        assertEquals("the name is taken: the second waits", firstPid, supervisor.application("twin").get().pid);

        first.delete();
        await("the second file's application takes the name", () -> supervisor.application("twin")
                .map(a -> a.pid > 0 && a.pid != firstPid).orElse(false));
        long secondPid = supervisor.application("twin").get().pid;
        // until setsid and setpriv have exec'd into it, the process shows their arguments
        await("the process is the second file's command", () -> ProcessHandle.of(secondPid).flatMap(h -> h.info().arguments())
                .map(a -> a.length == 1 && a[0].equals("61")).orElse(false));
        second.delete();
        await("deleting it forgets the application", () -> supervisor.application("twin").isEmpty());
    }

    private org.osgi.service.cm.Configuration twin(String file, String seconds) throws Exception {
        org.osgi.service.cm.Configuration configuration = configurationAdmin.getFactoryConfiguration("org.swiftft.watch", file, "?");
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("name", "twin");
        properties.put("command", "sleep");
        properties.put("args", new String[] {seconds});
        properties.put("stop.grace.ms", 500L);
        configuration.update(properties);
        return configuration;
    }

    @Test
    public void dependentIsLaunchedOnlyOnceWhatItDependsOnIsReady() throws Exception {
        ApplicationSupervisor supervisor = service(ApplicationSupervisor.class);
        WatchSpec database = new WatchSpec();
        database.name = "slow-db";
        database.command = "bash";
        // READY only after 1.5 s of start-up, then heartbeats
        database.args = List.of("-c", "sleep 1.5; send() { echo \"$SWIFT_TOKEN $1\" > /dev/udp/${SWIFT_HEARTBEAT%:*}/${SWIFT_HEARTBEAT#*:}; };"
                + " send READY; while true; do send HB; sleep 0.1; done");
        database.heartbeatTimeoutMillis = 1000;
        database.stopGraceMillis = 500;
        WatchSpec web = new WatchSpec();
        web.name = "web-on-db";
        web.command = "sleep";
        web.args = List.of("60");
        web.dependsOn = List.of("slow-db");
        web.stopGraceMillis = 500;
        try {
            assertEquals(org.swiftft.detector.ApplicationDTO.State.STARTING, supervisor.watch(database).state);
            assertEquals(org.swiftft.detector.ApplicationDTO.State.WAITING, supervisor.watch(web).state);
            await("the database is ready", () -> supervisor.application("slow-db")
                    .map(a -> a.state == org.swiftft.detector.ApplicationDTO.State.RUNNING).orElse(false));
            await("then the web server is launched", () -> supervisor.application("web-on-db").map(a -> a.pid > 0).orElse(false));
            long ready = supervisor.history("slow-db").stream().filter(h -> h.type == org.swiftft.detector.HistoryEntryDTO.Type.READY)
                    .findFirst().orElseThrow().time;
            long launched = supervisor.history("web-on-db").stream().filter(h -> h.type == org.swiftft.detector.HistoryEntryDTO.Type.STARTED)
                    .findFirst().orElseThrow().time;
            assertTrue("launched after READY", launched >= ready);
        } finally {
            supervisor.unwatch("web-on-db").toCompletableFuture().get(30, TimeUnit.SECONDS);
            supervisor.unwatch("slow-db").toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    public void configuredJournalIsAServiceWhoseAppendsTheCatalogSees() throws Exception {
        org.osgi.service.cm.Configuration file = configurationAdmin.getFactoryConfiguration("org.swiftft.journal", "it-orders", "?");
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("durability", "EVERY_APPEND");
        file.update(properties);
        try {
            org.osgi.util.tracker.ServiceTracker<org.swiftft.journal.Journal, org.swiftft.journal.Journal> tracker =
                    new org.osgi.util.tracker.ServiceTracker<>(context, context.createFilter(
                            "(&(objectClass=org.swiftft.journal.Journal)(journal.name=it-orders))"), null);
            tracker.open();
            org.swiftft.journal.Journal journal = tracker.waitForService(10_000);
            assertNotNull("the configured journal is registered", journal);
            assertEquals(1, journal.append(java.nio.ByteBuffer.wrap("an order".getBytes())));
            assertEquals(2, journal.append(java.nio.ByteBuffer.wrap("another".getBytes())));

            org.swiftft.journal.JournalDTO listed = service(org.swiftft.journal.JournalCatalog.class).journal("@it-orders/it-orders")
                    .orElseThrow();
            assertEquals(2, listed.lastSequence);
            assertEquals(org.swiftft.journal.Durability.EVERY_APPEND, listed.durability);
            tracker.close();
        } finally {
            file.delete();
        }
    }

    @Test
    public void configuredCheckpointStoreIsAServiceWhoseCheckpointsTheCatalogLists() throws Exception {
        java.util.concurrent.BlockingQueue<org.osgi.service.event.Event> taken = new java.util.concurrent.LinkedBlockingQueue<>();
        var handler = context.registerService(org.osgi.service.event.EventHandler.class, taken::add, new Hashtable<>(java.util.Map.of(
                org.osgi.service.event.EventConstants.EVENT_TOPIC, org.swiftft.checkpoint.CheckpointConstants.TOPIC_TAKEN)));
        org.osgi.service.cm.Configuration file = configurationAdmin.getFactoryConfiguration("org.swiftft.checkpoint", "it-ledger", "?");
        file.update(new Hashtable<>(java.util.Map.of("retain", 2)));
        try {
            org.osgi.util.tracker.ServiceTracker<org.swiftft.checkpoint.CheckpointStore, org.swiftft.checkpoint.CheckpointStore> tracker =
                    new org.osgi.util.tracker.ServiceTracker<>(context, context.createFilter(
                            "(&(objectClass=org.swiftft.checkpoint.CheckpointStore)(checkpoint.store=it-ledger))"), null);
            tracker.open();
            org.swiftft.checkpoint.CheckpointStore store = tracker.waitForService(10_000);
            assertNotNull("the configured store is registered", store);
            org.swiftft.checkpoint.CriticalRegion balances = store.allocate("balances", 8192);
            balances.write(0, java.nio.ByteBuffer.wrap("a balance".getBytes()));
            store.checkpoint();
            balances.write(4096, java.nio.ByteBuffer.wrap("another".getBytes()));
            store.checkpoint();
            store.checkpoint();

            org.swiftft.checkpoint.CheckpointCatalog catalog = service(org.swiftft.checkpoint.CheckpointCatalog.class);
            assertTrue(catalog.stores().contains("@it-ledger"));
            List<org.swiftft.checkpoint.CheckpointDTO> kept = catalog.checkpoints("@it-ledger");
            // retain = 2 keeps the last two, and the full checkpoint their increments are built on
            assertEquals(List.of(1L, 2L, 3L), kept.stream().map(c -> c.sequence).toList());
            assertEquals(org.swiftft.checkpoint.CheckpointDTO.Kind.FULL, kept.get(0).kind);
            assertEquals(org.swiftft.checkpoint.CheckpointDTO.Kind.INCREMENTAL, kept.get(2).kind);
            org.osgi.service.event.Event first = taken.poll(5, TimeUnit.SECONDS);
            assertNotNull("every checkpoint taken is published", first);
            assertEquals("it-ledger", first.getProperty(org.swiftft.checkpoint.CheckpointConstants.EVENT_STORE));
            assertEquals(1L, first.getProperty(org.swiftft.checkpoint.CheckpointConstants.EVENT_SEQUENCE));
            tracker.close();
        } finally {
            handler.unregister();
            file.delete();
        }
    }

    @Test
    public void unknownFeatureIsNamedAndNothingChanges() throws Exception {
        int before = context.getBundles().length;
        try {
            features.install("no-such-feature");
            fail("unknown feature installed");
        } catch (FeatureException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("no-such-feature") && e.getMessage().contains("policy"));
        }
        assertEquals(before, context.getBundles().length);
    }

    private static String restartAfter(long delay) {
        return """
                import org.swiftft.policy.*
                class Fixed implements RestartPolicy {
                    RestartDecision onFailure(FailureContext f) { RestartDecision.restartAfter(%d, 'test') }
                }
                """.formatted(delay);
    }

    private long delayOf(String policy) {
        ServiceReference<?>[] references = policies(policy);
        if (references.length != 1) {
            return -1;
        }
        RestartPolicy restart = (RestartPolicy) context.getService(references[0]);
        try {
            return restart.onFailure(failure()).delayMillis();
        } finally {
            context.ungetService(references[0]);
        }
    }

    private ServiceReference<?>[] policies(String name) {
        try {
            ServiceReference<?>[] references = context.getServiceReferences(RestartPolicy.class.getName(),
                    "(policy.name=" + name + ")");
            return references == null ? new ServiceReference<?>[0] : references;
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private Object command(String scope) throws InvalidSyntaxException {
        ServiceReference<?>[] references = context.getAllServiceReferences(null, "(osgi.command.scope=" + scope + ")");
        assertNotNull("a command component for scope " + scope, references);
        return context.getService(references[0]);
    }

    private <T> T service(Class<T> type) {
        long deadline = System.currentTimeMillis() + WAIT_MS;
        while (System.currentTimeMillis() < deadline) {
            ServiceReference<T> reference = context.getServiceReference(type);
            if (reference != null) {
                T service = context.getService(reference);
                if (service != null) {
                    return service;
                }
            }
            sleep();
        }
        throw new AssertionError("no " + type.getSimpleName() + " service within " + WAIT_MS + " ms");
    }

    private static FailureContext failure() {
        return new FailureContext("app", "CRASH", "exit 1", System.currentTimeMillis(), 10,
                List.of(System.currentTimeMillis()), 1);
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.currentTimeMillis() + WAIT_MS;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("not within " + WAIT_MS + " ms: " + what);
            }
            sleep();
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted");
        }
    }
}
