// Cold replication: backups run nothing.
//
// The primary's checkpoints and data files are copied to the backup hosts as
// they change. When the primary host is lost, a backup recovers the latest
// checkpoint (and replays the journal after it) and starts the application.
// Cheapest on the backups; the price is the start time during fail-over.
//
// Name this policy in a clustered application's watch configuration:
//   replication.policy = replication-cold

import org.swiftft.policy.*

class ReplicationCold implements ReplicationSchemePolicy {

    ReplicationPlan plan(ApplicationPlacement application) {
        ReplicationPlan.cold("backups hold replicated files; the application starts on fail-over")
    }
}
