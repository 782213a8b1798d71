package org.swiftft.replication.internal;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;

/**
 * A TCP relay between a primary and a backup that injects faults on request. Primary → backup it
 * forwards frame by frame (it reads the header's length), so a fault can hit the next OPERATION
 * frame exactly: duplicate it, flip a payload byte, or cut the link half-way through it. It can
 * also drop every connection at once, or stall both directions until released.
 */
final class FaultyRelay implements AutoCloseable {

    enum Fault { NONE, DUPLICATE, FLIP_PAYLOAD_BYTE, CUT_MID_FRAME }

    private final ServerSocket server;
    private final InetSocketAddress upstream;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile Fault next = Fault.NONE;
    private volatile CountDownLatch injected = new CountDownLatch(1);
    private final Semaphore flowing = new Semaphore(Integer.MAX_VALUE);

    FaultyRelay(InetSocketAddress upstream) throws IOException {
        this.upstream = upstream;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "relay-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    InetSocketAddress address() {
        return (InetSocketAddress) server.getLocalSocketAddress();
    }

    /** Arms a fault for the next OPERATION frame; the returned latch opens once it was injected. */
    CountDownLatch inject(Fault fault) {
        injected = new CountDownLatch(1);
        next = fault;
        return injected;
    }

    void dropAll() throws IOException {
        for (Socket socket : sockets) {
            socket.close();
        }
    }

    void stall() throws InterruptedException {
        flowing.acquire(Integer.MAX_VALUE);
    }

    void release() {
        flowing.release(Integer.MAX_VALUE);
    }

    private void accept() {
        try {
            while (true) {
                Socket down = server.accept();
                Socket up = new Socket(upstream.getAddress(), upstream.getPort());
                sockets.add(down);
                sockets.add(up);
                start(() -> framesForward(down, up));
                start(() -> bytesBack(up, down));
            }
        } catch (IOException e) {
            // closed
        }
    }

    private static void start(Runnable body) {
        Thread t = new Thread(body, "relay");
        t.setDaemon(true);
        t.start();
    }

    private void framesForward(Socket from, Socket to) {
        try (from; to) {
            DataInputStream in = new DataInputStream(from.getInputStream());
            OutputStream out = to.getOutputStream();
            while (true) {
                byte[] header = new byte[FrameCodec.HEADER_BYTES];
                in.readFully(header);
                byte[] rest = new byte[ByteBuffer.wrap(header).getInt(24) + 4];
                in.readFully(rest);
                byte[] frame = ByteBuffer.allocate(header.length + rest.length).put(header).put(rest).array();
                pass();
                if (!forward(frame, header[5] == FrameType.OPERATION.code, out)) {
                    return;
                }
            }
        } catch (IOException | InterruptedException e) {
            // link dropped
        }
    }

    /** @return false if the link was cut */
    private boolean forward(byte[] frame, boolean operation, OutputStream out) throws IOException {
        Fault fault = operation ? next : Fault.NONE;
        if (fault != Fault.NONE) {
            next = Fault.NONE;
        }
        switch (fault) {
            case DUPLICATE -> {
                out.write(frame);
                out.write(frame);
            }
            case FLIP_PAYLOAD_BYTE -> {
                frame[FrameCodec.HEADER_BYTES] ^= 0x20;
                out.write(frame);
            }
            case CUT_MID_FRAME -> {
                out.write(frame, 0, frame.length / 2);
                out.flush();
                injected.countDown();
                return false;
            }
            default -> out.write(frame);
        }
        out.flush();
        if (fault != Fault.NONE) {
            injected.countDown();
        }
        return true;
    }

    private void bytesBack(Socket from, Socket to) {
        try (from; to) {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) > 0) {
                pass();
                out.write(buffer, 0, n);
            }
        } catch (IOException | InterruptedException e) {
            // link dropped
        }
    }

    /** Blocks while stalled. */
    private void pass() throws InterruptedException {
        flowing.acquire();
        flowing.release();
    }

    @Override
    public void close() throws IOException {
        server.close();
        dropAll();
    }
}
