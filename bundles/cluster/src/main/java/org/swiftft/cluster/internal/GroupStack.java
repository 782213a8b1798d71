package org.swiftft.cluster.internal;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.jgroups.protocols.AUTH;
import org.jgroups.protocols.FD_ALL3;
import org.jgroups.protocols.FD_SOCK2;
import org.jgroups.protocols.FRAG4;
import org.jgroups.protocols.MERGE3;
import org.jgroups.protocols.MFC;
import org.jgroups.protocols.MPING;
import org.jgroups.protocols.SYM_ENCRYPT;
import org.jgroups.protocols.TCP_NIO2;
import org.jgroups.protocols.TCPPING;
import org.jgroups.protocols.UFC;
import org.jgroups.protocols.UNICAST3;
import org.jgroups.protocols.VERIFY_SUSPECT2;
import org.jgroups.protocols.pbcast.GMS;
import org.jgroups.protocols.pbcast.NAKACK2;
import org.jgroups.protocols.pbcast.STABLE;
import org.jgroups.stack.Protocol;

/**
 * The JGroups protocol stack of a member, built in code (an XML stack would need a keystore for
 * SYM_ENCRYPT). Bottom to top: TCP on the member's endpoint (NIO: with the blocking TCP transport, a
 * send or connect to a host whose link is cut holds up the heartbeats to everyone else, and the
 * survivors suspect each other); our signature check; discovery (the
 * configured endpoints, or multicast); MERGE3 to heal partitions; the ring neighbour's socket
 * (FD_SOCK2: a crashed runtime's closed socket is seen at once) and heartbeats (FD_ALL3: a frozen or
 * cut-off host); VERIFY_SUSPECT2 to confirm a suspicion before it removes anyone; payload encryption;
 * reliable delivery; AUTH with our member token; membership; flow control; fragmentation.
 */
final class GroupStack {

    private GroupStack() {
    }

    static List<Protocol> build(ClusterSettings settings, ClusterKeys keys, SignProtocol sign, SuspicionWatch suspicions,
            MemberToken token) {
        InetSocketAddress endpoint = settings.endpoint();
        TCP_NIO2 transport = new TCP_NIO2();
        transport.setBindAddress(endpoint.getAddress());
        transport.setBindPort(endpoint.getPort());
        transport.setPortRange(0);
        // Connections to other members leave from this member's address too, as they would from a
        // host of its own (left unset, JGroups binds them to any address: 127.0.0.1 on one machine).
        transport.setClientBindAddr(endpoint.getAddress());

        List<Protocol> stack = new ArrayList<>();
        stack.add(transport);
        stack.add(sign);
        stack.add(discovery(settings));
        stack.add(new MERGE3().setMinInterval(1_000).setMaxInterval(3_000).setCheckInterval(4_000));
        stack.add(new FD_SOCK2().setBindAddress(endpoint.getAddress()).setOffset(ClusterSettings.FAILURE_SOCKET_OFFSET)
                .setPortRange(0));
        stack.add(new FD_ALL3().setTimeout(settings.heartbeatTimeout().toMillis())
                .setInterval(settings.heartbeatInterval().toMillis()));
        stack.add(suspicions);
        stack.add(new VERIFY_SUSPECT2().setTimeout(settings.verifyTimeout().toMillis()));
        SYM_ENCRYPT encryption = new SYM_ENCRYPT();
        encryption.setSecretKey(keys.encryption());
        stack.add(encryption);
        stack.add(new NAKACK2());
        stack.add(new UNICAST3());
        stack.add(new STABLE());
        stack.add(new AUTH().setAuthToken(token));
        stack.add(new GMS().setJoinTimeout(settings.joinTimeout().toMillis()).setMaxJoinAttempts(3)
                .setViewAckCollectionTimeout(settings.joinTimeout().toMillis()));
        stack.add(new UFC());
        stack.add(new MFC());
        stack.add(new FRAG4());
        return stack;
    }

    private static Protocol discovery(ClusterSettings settings) {
        if (settings.discovery() == ClusterSettings.Discovery.MULTICAST) {
            MPING multicast = new MPING();
            multicast.setBindAddr(settings.endpoint().getAddress());
            multicast.setMcastAddr(settings.multicast().getAddress());
            multicast.setMcastPort(settings.multicast().getPort());
            return multicast;
        }
        TCPPING ping = new TCPPING();
        ping.setInitialHosts(new ArrayList<>(settings.members().values()));
        ping.setPortRange(0);
        return ping;
    }
}
