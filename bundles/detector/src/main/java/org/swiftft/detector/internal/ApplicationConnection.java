package org.swiftft.detector.internal;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import org.swiftft.detector.ApplicationRequestException;
import org.swiftft.detector.ApplicationRequestException.Reason;
import org.swiftft.libft.runtime.wire.ControlProtocol;
import org.swiftft.libft.runtime.wire.LineChannel;

/**
 * One application's libft connection, runtime side: requests go out with an id, answers come back
 * with it. Thread-safe.
 */
final class ApplicationConnection {

    private final LineChannel line;
    /** Who is at the other end, as the kernel says (SO_PEERCRED). */
    final String peerUser;
    private final Map<Long, CompletableFuture<String>> pending = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    /** The application it speaks for, once HELLO or REGISTER was accepted. */
    volatile String application;
    private volatile boolean closed;

    ApplicationConnection(LineChannel line, String peerUser) {
        this.line = line;
        this.peerUser = peerUser;
    }

    CompletableFuture<String> request(String verb, String argument, long timeoutMillis) {
        long id = ids.incrementAndGet();
        CompletableFuture<String> answer = new CompletableFuture<>();
        pending.put(id, answer);
        answer.whenComplete((text, error) -> pending.remove(id));
        String text = ControlProtocol.oneLine(argument);
        try {
            line.writeLine(String.join(" ", ControlProtocol.REQUEST, Long.toString(id), verb) + (text.isEmpty() ? "" : " " + text));
        } catch (IOException e) {
            answer.completeExceptionally(gone());
            return answer;
        }
        if (closed) {
            answer.completeExceptionally(gone()); // closed while we wrote: nobody would complete it
        }
        return answer.orTimeout(timeoutMillis, TimeUnit.MILLISECONDS).exceptionallyCompose(error -> CompletableFuture.failedFuture(
                error instanceof TimeoutException ? new ApplicationRequestException(Reason.TIMED_OUT, application
                        + " did not answer " + verb + " within " + timeoutMillis + " ms") : error));
    }

    /** {@code OK id [text]} or {@code ERR id text}; an id nobody waits for (timed out) is ignored. */
    void answered(String received) {
        List<String> words = ControlProtocol.split(received, 2);
        CompletableFuture<String> answer;
        try {
            answer = pending.get(Long.parseLong(words.get(1)));
        } catch (NumberFormatException e) {
            return;
        }
        if (answer == null) {
            return;
        }
        if (words.get(0).equals(ControlProtocol.OK)) {
            answer.complete(words.get(2));
        } else {
            answer.completeExceptionally(new ApplicationRequestException(Reason.REFUSED, application + ": " + words.get(2)));
        }
    }

    void reply(String text) throws IOException {
        line.writeLine(text);
    }

    String readLine() throws IOException {
        return line.readLine();
    }

    boolean isOpen() {
        return !closed;
    }

    /** Ends the connection; whoever waits for an answer is told. */
    void close() {
        closed = true;
        try {
            line.close();
        } catch (IOException e) {
            // a local socket: closing loses nothing
        }
        pending.values().forEach(answer -> answer.completeExceptionally(gone()));
    }

    private ApplicationRequestException gone() {
        return new ApplicationRequestException(Reason.DISCONNECTED, application + " closed its connection before answering");
    }
}
