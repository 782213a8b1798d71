package org.swiftft.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** One TCP connection to a counter: a line out, a line back. */
final class CounterClient implements AutoCloseable {

    private final Socket socket;
    private final BufferedReader in;
    private final Writer out;

    CounterClient(int port) throws IOException {
        socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(30_000); // an answer that never comes fails the test rather than hanging it
        in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        out = new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.UTF_8);
    }

    /** Sends {@code request} and returns the answer; null when the counter closed the connection. */
    String ask(String request) throws IOException {
        out.write(request + "\n");
        out.flush();
        return in.readLine();
    }

    /** The next line from the counter, null at end of input. */
    String read() throws IOException {
        return in.readLine();
    }

    /** The total in {@code VALUE KEY TOTAL}. */
    long get(String key) throws IOException {
        String answer = ask("GET " + key);
        if (answer == null || !answer.startsWith("VALUE " + key + " ")) {
            throw new IOException("GET " + key + " was answered '" + answer + "'");
        }
        return Long.parseLong(answer.substring(answer.lastIndexOf(' ') + 1));
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
