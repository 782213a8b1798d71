package org.swiftft.policy;

import java.util.List;

/**
 * A clustered application and the hosts it may run on, as the replication-scheme and fail-over
 * policies see it.
 *
 * @param application the application's name
 * @param hosts       the hosts it may run on, in the operator's order of preference
 * @param primary     the host where it runs now, or {@code null} if it runs nowhere
 */
public record ApplicationPlacement(String application, List<String> hosts, String primary) {

    public ApplicationPlacement {
        hosts = List.copyOf(hosts);
    }
}
