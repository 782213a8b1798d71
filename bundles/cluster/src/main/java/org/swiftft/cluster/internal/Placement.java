package org.swiftft.cluster.internal;

import java.util.List;

/**
 * Where a clustered application runs under one epoch: its primary, the backups holding its
 * replicated state, and those of them running it in standby (warm). Proposed first (a quorum of
 * members promised to accept nothing older), then committed (the primary may serve).
 *
 * @param epoch 0 for "never placed"
 */
record Placement(String application, long epoch, String primary, List<String> backups, List<String> standby,
        boolean committed) {

    Placement {
        backups = List.copyOf(backups);
        standby = List.copyOf(standby);
    }

    static Placement none(String application) {
        return new Placement(application, 0, null, List.of(), List.of(), false);
    }

    Placement commit() {
        return new Placement(application, epoch, primary, backups, standby, true);
    }

    boolean newerThan(Placement other) {
        return epoch > other.epoch || epoch == other.epoch && committed && !other.committed;
    }
}
