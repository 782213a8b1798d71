package org.swiftft.itest;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ClusterFailoverBenchIT {

    @Test
    void explore() throws Exception {
        try (ClusterOfRuntimes cluster = new ClusterOfRuntimes(Path.of("target", "cluster-bench", "explore").toAbsolutePath(), "replication-warm")) {
            long t = System.nanoTime();
            cluster.startAll();
            System.out.println("started in " + (System.nanoTime() - t) / 1_000_000);
            Thread.sleep(3000);
            for (String m : ClusterOfRuntimes.MEMBERS) {
                System.out.println("== " + m + "\n" + cluster.runtime(m).swift("cluster:members").output());
                System.out.println(cluster.runtime(m).swift("cluster:apps").output());
                System.out.println(cluster.runtime(m).swift("app:list").output());
                System.out.println("ROLE via " + m + ": " + cluster.request(m, "ROLE"));
                System.out.println("pid " + cluster.runtime(m).pid() + " app " + cluster.applicationPid(m));
            }
            long app = cluster.applicationPid("a");
            cluster.runtime("a").kill();
            long k = System.nanoTime();
            String r;
            while ((r = cluster.request("b", "ROLE")) == null || r.contains("EPOCH 1")) {
                Thread.sleep(20);
            }
            System.out.println("after kill: " + r + " in " + (System.nanoTime() - k) / 1_000_000 + " app alive " + ProcessHandle.of(app).map(ProcessHandle::isAlive));
            Thread.sleep(2000);
            System.out.println(cluster.runtime("b").swift("cluster:history", "counter").output());
            System.out.println(cluster.runtime("b").swift("cluster:apps").output());
            cluster.start("a");
            TarballRuntime.awaitTrue(60, () -> cluster.runtime("a").swift("cluster:members").output().contains("quorum (3 of 3)"));
            Thread.sleep(2000);
            for (String m : ClusterOfRuntimes.MEMBERS) {
                System.out.println("== " + m + "\n" + cluster.runtime(m).swift("cluster:members").output());
                System.out.println(cluster.runtime(m).swift("cluster:apps").output());
                System.out.println(cluster.runtime(m).swift("app:list").output());
            }
            System.out.println(cluster.runtime("b").swift("log:list").output());
        }
    }
}
