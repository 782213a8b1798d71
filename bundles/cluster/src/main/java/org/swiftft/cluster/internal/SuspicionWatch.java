package org.swiftft.cluster.internal;

import java.util.Collection;
import java.util.function.Consumer;
import org.jgroups.Address;
import org.jgroups.Event;
import org.jgroups.stack.Protocol;

/**
 * Sees the failure detectors' suspicions on their way to VERIFY_SUSPECT2 (JGroups tells its
 * receivers only of the view that follows), so that {@code cluster:members} can show a member as
 * suspected before it is removed.
 */
final class SuspicionWatch extends Protocol {

    static final short PROTOCOL_ID = 3103;

    private final Consumer<Collection<Address>> suspected;

    /** @param suspected told of each suspicion, on a JGroups thread: must return at once */
    SuspicionWatch(Consumer<Collection<Address>> suspected) {
        this.suspected = suspected;
        this.id = PROTOCOL_ID;
    }

    @Override
    public Object up(Event evt) {
        if (evt.getType() == Event.SUSPECT) {
            Collection<Address> addresses = evt.getArg();
            suspected.accept(addresses);
        }
        return up_prot.up(evt);
    }
}
