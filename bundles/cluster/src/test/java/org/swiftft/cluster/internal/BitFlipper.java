package org.swiftft.cluster.internal;

import org.jgroups.Message;
import org.jgroups.stack.Protocol;

/**
 * Once on, tampers with every message it sends, below the signature: flips the last payload bit, or
 * sets a flag on a message without payload.
 */
final class BitFlipper extends Protocol {

    volatile boolean on;

    BitFlipper() {
        this.id = 3199;
    }

    @Override
    public Object down(Message msg) {
        if (on && msg.hasArray() && msg.getLength() > 0) {
            byte[] bytes = msg.getArray().clone();
            bytes[msg.getOffset() + msg.getLength() - 1] ^= 1;
            msg.setArray(bytes, msg.getOffset(), msg.getLength());
        } else if (on) {
            msg.setFlag(Message.Flag.NO_FC);
        }
        return down_prot.down(msg);
    }
}
