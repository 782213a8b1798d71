package org.swiftft.cluster.internal;

import java.util.ArrayList;
import java.util.List;
import org.swiftft.cluster.MemberDTO;

/** The configured members as {@code cluster:members} shows them, from one snapshot. */
final class MemberTable {

    private MemberTable() {
    }

    static List<MemberDTO> of(GroupSnapshot snapshot) {
        List<MemberDTO> rows = new ArrayList<>();
        ClusterSettings settings = snapshot.settings();
        settings.members().forEach((name, address) -> {
            MemberDTO member = new MemberDTO();
            member.name = name;
            member.address = address.getHostString() + ":" + address.getPort();
            member.self = name.equals(settings.self());
            member.coordinator = name.equals(snapshot.coordinator());
            boolean inView = snapshot.members().contains(name);
            if (inView && snapshot.suspected().contains(name)) {
                member.state = MemberDTO.State.SUSPECTED;
                member.suspectedBy = List.of(settings.self());
            } else if (inView) {
                member.state = MemberDTO.State.ALIVE;
            } else {
                member.state = snapshot.left().contains(name) ? MemberDTO.State.LEFT : MemberDTO.State.ABSENT;
            }
            member.configurationHash = snapshot.hashes().get(name);
            member.lastSeen = member.self && inView ? System.currentTimeMillis() : snapshot.lastSeen().getOrDefault(name, 0L);
            rows.add(member);
        });
        rows.sort((a, b) -> a.name.compareTo(b.name));
        return rows;
    }
}
