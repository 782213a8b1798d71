package org.swiftft.cluster.internal;

import java.util.Collection;

/**
 * The quorum rule: more than half of the configured members, or exactly half if the configured
 * tie-breaker is among them. Any two quorums share a member, which is what makes a fail-over in one
 * of them safe: the other side cannot also hold one.
 */
final class Quorum {

    private final int configured;
    private final String tiebreaker;

    Quorum(int configured, String tiebreaker) {
        this.configured = configured;
        this.tiebreaker = tiebreaker == null ? "" : tiebreaker;
    }

    boolean holds(Collection<String> present) {
        int twice = 2 * present.size();
        return twice > configured || twice == configured && !tiebreaker.isEmpty() && present.contains(tiebreaker);
    }

    /** For messages: "2 of 3", "2 of 4 with the tie-breaker a". */
    String describe() {
        int needed = configured / 2 + 1;
        String rule = needed + " of " + configured;
        return tiebreaker.isEmpty() || configured % 2 != 0 ? rule
                : rule + ", or " + configured / 2 + " with the tie-breaker " + tiebreaker;
    }
}
