package org.swiftft.itest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import org.swiftft.itest.TarballRuntime.Result;

/**
 * Three runtimes from the real tarball, each in a network namespace of its own (members a, b, c at
 * 10.231.ID.1-3) joined by a bridge this test's host also sits on: a member's link can be cut
 * silently, as a lost host's would be. A clustered Counter (the demo) keeps its journal and
 * checkpoints in a replication set, replay mode, durable; clients reach it through the forwarder
 * port 9000 of any member.
 */
final class ClusterOfRuntimes implements AutoCloseable {

    static final String[] MEMBERS = {"a", "b", "c"};
    static final int FORWARD_PORT = 9000;

    final int id = 1 + ThreadLocalRandom.current().nextInt(200);
    final List<TarballRuntime> runtimes = new ArrayList<>();
    private final Path network;

    /** @param scheme replication-cold or replication-warm */
    ClusterOfRuntimes(Path parent, String scheme) throws Exception {
        network = parent.resolve("cluster-net.sh");
        Files.createDirectories(parent);
        try (var script = ClusterOfRuntimes.class.getResourceAsStream("/cluster-net.sh")) {
            Files.copy(script, network, StandardCopyOption.REPLACE_EXISTING);
        }
        Files.setPosixFilePermissions(network, PosixFilePermissions.fromString("rwx------"));
        net("down", Integer.toString(id));
        Result up = net("up", Integer.toString(id), "3");
        if (up.status() != 0) {
            throw new AssertionError("cannot create the test's network namespaces (root and iproute2 needed): " + up.output());
        }
        byte[] clusterKey = new byte[32];
        byte[] setKey = new byte[32];
        new Random().nextBytes(clusterKey);
        new Random().nextBytes(setKey);
        for (int i = 0; i < 3; i++) {
            TarballRuntime runtime = TarballRuntime.unpack(parent.resolve(MEMBERS[i]));
            configure(runtime, i, scheme, clusterKey, setKey);
            runtimes.add(runtime);
        }
    }

    /**
     * As {@link #ClusterOfRuntimes(Path, String)}, with {@code clusterSettings} (key to value, e.g.
     * heartbeat.timeout.ms) added to every member's etc/org.swiftft.cluster.cfg before anyone starts.
     */
    ClusterOfRuntimes(Path parent, String scheme, Map<String, String> clusterSettings) throws Exception {
        this(parent, scheme);
        StringBuilder lines = new StringBuilder();
        clusterSettings.forEach((key, value) -> lines.append(key).append(" = ").append(value).append('\n'));
        for (TarballRuntime runtime : runtimes) {
            Files.writeString(runtime.home.resolve("etc/org.swiftft.cluster.cfg"), lines, StandardOpenOption.APPEND);
        }
    }

    String address(int member) {
        return "10.231." + id + "." + (member + 1);
    }

    TarballRuntime runtime(String member) {
        return runtimes.get(index(member));
    }

    static int index(String member) {
        return member.charAt(0) - 'a';
    }

    private void configure(TarballRuntime runtime, int member, String scheme, byte[] clusterKey, byte[] setKey)
            throws IOException {
        Path etc = runtime.home.resolve("etc");
        Files.delete(etc.resolve("org.swiftft.watch-demo.cfg"));
        writeKey(etc.resolve("cluster.key"), clusterKey);
        writeKey(etc.resolve("counter.key"), setKey);
        Path properties = etc.resolve("swift.properties");
        Files.writeString(properties, Files.readString(properties).replace("swift.features.boot = default",
                "swift.features.boot = default, cluster"));
        Files.writeString(etc.resolve("org.swiftft.cluster.cfg"), String.join("\n",
                "name = test",
                "member = " + MEMBERS[member],
                "members = a=" + address(0) + ":7800, b=" + address(1) + ":7800, c=" + address(2) + ":7800",
                "key.file = etc/cluster.key", ""));
        List<String> peers = new ArrayList<>();
        for (int other = 0; other < 3; other++) {
            if (other != member) {
                peers.add(address(other) + ":7700");
            }
        }
        Files.writeString(etc.resolve("org.swiftft.replication-counter.cfg"), String.join("\n",
                "directory = data/counter", "mode = replay", "level = durable", "role = backup",
                "listen = " + address(member) + ":7700", "peers = " + String.join(", ", peers),
                "key.file = etc/counter.key", ""));
        Files.writeString(etc.resolve("org.swiftft.watch-counter.cfg"), String.join("\n",
                "command.line = ${java.home}/bin/java -Xmx32m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC \\",
                "  -cp ${swift.home}/system/org/swiftft/org.swiftft.libft/@V@/org.swiftft.libft-@V@.jar:${swift.home}/system/org/swiftft/org.swiftft.demo/@V@/org.swiftft.demo-@V@.jar \\",
                "  org.swiftft.demo.Counter --set counter --port 9100 --dir ${swift.home}/data/counter --checkpoint-every 50",
                "cluster.hosts = a b c",
                "replication.policy = " + scheme,
                "cluster.replication = counter",
                "cluster.port = " + FORWARD_PORT,
                "cluster.service.port = 9100",
                "heartbeat.timeout.ms = 3000",
                "start.timeout.ms = 15000",
                "stop.grace.ms = 2000", "").replace("@V@", version(runtime)));
    }

    private static String version(TarballRuntime runtime) throws IOException {
        try (var versions = Files.list(runtime.home.resolve("system/org/swiftft/org.swiftft.demo"))) {
            return versions.filter(Files::isDirectory).findFirst().orElseThrow().getFileName().toString();
        }
    }

    private static void writeKey(Path file, byte[] key) throws IOException {
        Files.write(file, key);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }

    /** Starts a member's runtime in its namespace. */
    void start(String member) throws Exception {
        TarballRuntime runtime = runtime(member);
        Result started = net("exec", Integer.toString(id), Integer.toString(index(member) + 1),
                runtime.home.resolve("bin/swiftd").toString(), "--background");
        if (started.status() != 0) {
            throw new AssertionError("bin/swiftd --background on " + member + ": " + started.output());
        }
    }

    /** Starts all three, a first so that it coordinates and places the application on itself. */
    void startAll() throws Exception {
        for (String member : MEMBERS) {
            start(member);
            TarballRuntime.awaitTrue(30, () -> runtime(member).swift("cluster:members").status() == 0);
        }
        TarballRuntime.awaitTrue(30, () -> runtime("c").swift("cluster:members").output().contains("quorum (3 of 3)"));
        TarballRuntime.awaitTrue(30, () -> {
            String primary = primary();
            return primary != null && request(primary, "SEQ") != null;
        });
    }

    void cut(String member) throws Exception {
        assertOk(net("cut", Integer.toString(id), Integer.toString(index(member) + 1)));
    }

    void heal(String member) throws Exception {
        assertOk(net("heal", Integer.toString(id), Integer.toString(index(member) + 1)));
    }

    /**
     * A member's link as the bridge sees it: bytes and packets the member sent, then bytes and packets
     * sent to it (counters since the link was made).
     */
    long[] linkCounters(String member) throws Exception {
        Result stats = net("stats", Integer.toString(id), Integer.toString(index(member) + 1));
        assertOk(stats);
        String[] fields = stats.output().strip().split("\\s+");
        long[] counters = new long[4];
        for (int i = 0; i < 4; i++) {
            counters[i] = Long.parseLong(fields[i]);
        }
        return counters;
    }

    /** The primary as member c's cluster:apps shows it, or {@code null}. */
    String primary() throws Exception {
        return primaryAsSeenBy("c");
    }

    String primaryAsSeenBy(String member) throws Exception {
        for (String line : runtime(member).swift("cluster:apps").output().split("\n")) {
            String[] columns = line.trim().split("\\s+");
            if (columns.length > 4 && columns[0].equals("counter")) {
                return columns[3].equals("-") ? null : columns[3];
            }
        }
        return null;
    }

    /** A request through {@code member}'s forwarder, repeated until someone answers (within 30 s). */
    String answer(String member, String line) throws Exception {
        String[] answer = new String[1];
        TarballRuntime.awaitTrue(30, () -> (answer[0] = request(member, line)) != null);
        return answer[0];
    }

    /** One request to the Counter through {@code member}'s forwarder; {@code null} if nobody answered. */
    String request(String member, String line) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address(index(member)), FORWARD_PORT), 1_000);
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8)).readLine();
        } catch (IOException e) {
            return null;
        }
    }

    /** The pid of the Counter on a member, from its app:list, or -1. */
    long applicationPid(String member) throws Exception {
        for (String line : runtime(member).swift("app:list").output().split("\n")) {
            String[] columns = line.trim().split("\\s+");
            if (columns.length > 2 && columns[0].equals("counter") && columns[2].matches("\\d+")) {
                return Long.parseLong(columns[2]);
            }
        }
        return -1;
    }

    private Result net(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(network.toString());
        command.addAll(List.of(args));
        return TarballRuntime.run(network.getParent(), 60, command.toArray(String[]::new));
    }

    private static void assertOk(Result result) {
        if (result.status() != 0) {
            throw new AssertionError(result.output());
        }
    }

    @Override
    public void close() throws Exception {
        for (TarballRuntime runtime : runtimes) {
            try {
                long pid = runtime.pid();
                TarballRuntime.run(runtime.home, 10, "kill", "-CONT", Long.toString(pid));
            } catch (IOException e) {
                // not started
            }
            runtime.kill();
        }
        net("down", Integer.toString(id));
    }
}
