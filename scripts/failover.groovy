// Fail-over target: where an application goes when its host is lost.
//
// Take the first healthy host in the application's order of preference;
// among warm standbys prefer one that already runs the application.
// Return Optional.empty() to leave the application down.

import org.swiftft.policy.*

class Failover implements FailoverTargetPolicy {

    Optional<String> chooseTarget(ApplicationPlacement application, List<HostCandidate> candidates) {
        def healthy = candidates.findAll { it.healthy() }.sort { it.preference() }
        def standby = healthy.find { it.standby() }
        def chosen = standby ?: (healthy ? healthy.first() : null)
        Optional.ofNullable(chosen?.host())
    }
}
