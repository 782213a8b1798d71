// Warm replication: backups run the application in standby.
//
// Each checkpoint the primary takes is shipped to the standby backups as it is
// taken. When the primary is lost, a standby is promoted and serves from the
// state it already holds: no process start during fail-over.
//
// STANDBYS says how many backups keep the application running in standby;
// more standbys survive more failures but cost memory on more hosts.
//
// Name this policy in a clustered application's watch configuration:
//   replication.policy = replication-warm

import org.swiftft.policy.*

class ReplicationWarm implements ReplicationSchemePolicy {

    static final int STANDBYS = 1

    ReplicationPlan plan(ApplicationPlacement application) {
        // Never more standbys than there are hosts besides the primary.
        int possible = Math.max(0, application.hosts().size() - 1)
        int standbys = Math.min(STANDBYS, possible)
        if (standbys == 0) {
            return ReplicationPlan.cold("only one host listed: nothing to keep warm")
        }
        ReplicationPlan.warm(standbys, "${standbys} standby backup(s) receive every checkpoint")
    }
}
