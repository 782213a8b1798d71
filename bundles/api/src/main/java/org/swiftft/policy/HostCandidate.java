package org.swiftft.policy;

/**
 * A host a {@link FailoverTargetPolicy} may choose.
 *
 * @param host       the member's name in the cluster
 * @param healthy    whether the cluster sees it as a live member with its runtime started
 * @param preference its position in the application's list of hosts (0 is the most preferred)
 * @param standby    whether it runs the application in standby (warm scheme)
 * @param checkpointAgeMillis how old its newest copy of the application's state is, or -1 if it has none
 */
public record HostCandidate(String host, boolean healthy, int preference, boolean standby,
        long checkpointAgeMillis) {
}
