package org.swiftft.libft.heartbeat;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Stands in for the runtime's heartbeat endpoint: a UDP socket on 127.0.0.1 with a free port. */
final class LoopbackReceiver implements AutoCloseable {

    /** Long enough for a loaded CI machine; a datagram on loopback normally arrives at once. */
    private static final int RECEIVE_TIMEOUT_MILLIS = 5_000;

    private final DatagramSocket socket;

    LoopbackReceiver() throws IOException {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        socket.setSoTimeout(RECEIVE_TIMEOUT_MILLIS);
    }

    InetSocketAddress endpoint() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    /** The next datagram's bytes, exactly; fails the test if none arrives in time. */
    byte[] nextDatagram() throws IOException {
        // One byte more than the protocol allows, so that an oversize datagram shows as such.
        DatagramPacket packet = new DatagramPacket(new byte[HeartbeatDatagrams.MAX_DATAGRAM_BYTES + 1],
                HeartbeatDatagrams.MAX_DATAGRAM_BYTES + 1);
        try {
            socket.receive(packet);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("No datagram reached " + endpoint() + " within " + RECEIVE_TIMEOUT_MILLIS + " ms");
        }
        return Arrays.copyOfRange(packet.getData(), packet.getOffset(), packet.getOffset() + packet.getLength());
    }

    /** The next datagram, decoded as UTF-8. */
    String nextText() throws IOException {
        return new String(nextDatagram(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        socket.close();
    }
}
