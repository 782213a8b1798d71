package org.swiftft.cluster.internal;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The group as this member sees it at one moment.
 *
 * @param viewId            0 before the first view
 * @param coordinator       the view's coordinator, or {@code null} before the first view
 * @param members           the view's members, coordinator first
 * @param hashes            each member's clustered configuration hash, as it last said
 * @param lastSeen          when each member was last heard from, milliseconds since the epoch
 * @param left              members that said they were leaving and are gone
 * @param problem           why this member is not (yet) in the group, or {@code null}
 * @param unsignedSenders   senders whose messages failed the signature check
 * @param informed          members whose information arrived since this view was installed (this one included)
 */
record GroupSnapshot(ClusterSettings settings, long viewId, String coordinator, List<String> members, boolean quorum,
        long viewSince, Set<String> suspected, Map<String, String> hashes, Map<String, Long> lastSeen,
        Set<String> left, String problem, List<String> unsignedSenders, Set<String> informed) {
}
