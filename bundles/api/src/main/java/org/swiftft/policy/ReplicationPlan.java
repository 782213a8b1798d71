package org.swiftft.policy;

/**
 * The answer of a {@link ReplicationSchemePolicy}: which scheme, and how many backups keep the
 * application in standby.
 *
 * @param scheme          cold or warm
 * @param standbyBackups  how many backups run the application in standby (0 for cold)
 * @param reason          one line for the operator
 */
public record ReplicationPlan(ReplicationScheme scheme, int standbyBackups, String reason) {

    public ReplicationPlan {
        if (scheme == null) {
            throw new IllegalArgumentException("a replication plan needs a scheme");
        }
        if (standbyBackups < 0) {
            throw new IllegalArgumentException("standby backups must not be negative: " + standbyBackups);
        }
        if (scheme == ReplicationScheme.COLD && standbyBackups != 0) {
            throw new IllegalArgumentException("a cold scheme runs nothing on backups, standby must be 0");
        }
        reason = reason == null ? "" : reason;
    }

    public static ReplicationPlan cold(String reason) {
        return new ReplicationPlan(ReplicationScheme.COLD, 0, reason);
    }

    public static ReplicationPlan warm(int standbyBackups, String reason) {
        return new ReplicationPlan(ReplicationScheme.WARM, standbyBackups, reason);
    }
}
