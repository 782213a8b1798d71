package org.swiftft.demo;

import java.io.IOException;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The client protocol, one line each way (verbs in any case, words separated by spaces):
 *
 * <pre>
 * ADD KEY N   →  OK KEY TOTAL SEQ        only once the change is durable (forced, acknowledged by the backups)
 * GET KEY     →  VALUE KEY TOTAL         0 for a key never added to
 * SEQ         →  SEQ N                   changes applied so far
 * ROLE        →  ROLE primary EPOCH E
 * other       →  ERROR what was wrong, what to send
 * </pre>
 *
 * A key is 1 to {@value #MAX_KEY_CHARS} characters, no spaces or control characters; N a 64-bit whole
 * number, negative to subtract. Thread-safe: the store serializes changes.
 */
final class CounterProtocol {

    static final int MAX_KEY_CHARS = 128;
    static final String USAGE = "send ADD KEY N, GET KEY, SEQ or ROLE";

    /** A request that is not one; its message says why and what to send. */
    static final class BadRequest extends Exception {
        BadRequest(String message) {
            super(message);
        }
    }

    /** A parsed request; {@code key} and {@code delta} are only meaningful for the verbs that take them. */
    record Request(String verb, String key, long delta) {
    }

    private final CounterStore store;
    private final Supplier<String> role;

    /** @param role the ROLE answer's words after "ROLE", e.g. "primary EPOCH 3" */
    CounterProtocol(CounterStore store, Supplier<String> role) {
        this.store = store;
        this.role = role;
    }

    /** The answer line to {@code line}, without its newline. */
    String answer(String line) {
        Request request;
        try {
            request = parse(line);
        } catch (BadRequest e) {
            return "ERROR " + e.getMessage();
        }
        switch (request.verb()) {
            case "ADD":
                return add(request.key(), request.delta());
            case "GET":
                return "VALUE " + request.key() + " " + store.total(request.key());
            case "SEQ":
                return "SEQ " + store.seq();
            default:
                return "ROLE " + role.get();
        }
    }

    private String add(String key, long delta) {
        try {
            CounterStore.Added added = store.add(key, delta);
            return "OK " + key + " " + added.total() + " " + added.seq();
        } catch (ArithmeticException e) {
            return "ERROR adding " + delta + " to " + key + " (total " + store.total(key)
                    + ") would overflow a 64-bit total; send a smaller N";
        } catch (IOException e) {
            return "ERROR " + key + " unchanged: " + e.getMessage() + "; this counter takes no more changes, send them"
                    + " to the new primary";
        }
    }

    /** @throws BadRequest saying what is wrong with {@code line} and what to send instead */
    static Request parse(String line) throws BadRequest {
        String[] words = line.strip().split(" +");
        String verb = words[0].toUpperCase(Locale.ROOT);
        switch (verb) {
            case "ADD":
                expect(words, 3, "ADD KEY N");
                return new Request(verb, key(words[1]), number(words[2]));
            case "GET":
                expect(words, 2, "GET KEY");
                return new Request(verb, key(words[1]), 0);
            case "SEQ":
            case "ROLE":
                expect(words, 1, verb);
                return new Request(verb, null, 0);
            case "":
                throw new BadRequest("empty request; " + USAGE);
            default:
                throw new BadRequest("unknown request '" + abbreviated(words[0]) + "'; " + USAGE);
        }
    }

    private static void expect(String[] words, int count, String form) throws BadRequest {
        if (words.length != count) {
            throw new BadRequest(words[0] + " takes " + (count - 1) + " argument" + (count == 2 ? "" : "s") + ", not "
                    + (words.length - 1) + "; send " + form);
        }
    }

    private static String key(String key) throws BadRequest {
        if (key.length() > MAX_KEY_CHARS) {
            throw new BadRequest("key '" + abbreviated(key) + "' is longer than " + MAX_KEY_CHARS
                    + " characters; send a shorter key");
        }
        if (key.chars().anyMatch(c -> Character.isISOControl(c) || Character.isWhitespace(c))) {
            throw new BadRequest("key '" + abbreviated(key) + "' has a control or space character; send a key without one");
        }
        return key;
    }

    private static long number(String word) throws BadRequest {
        try {
            return Long.parseLong(word);
        } catch (NumberFormatException e) {
            throw new BadRequest("'" + abbreviated(word) + "' is not a 64-bit whole number; send ADD KEY N, e.g. ADD"
                    + " visits 1");
        }
    }

    /** Echoes at most 40 characters of what a client sent, with control characters made visible. */
    private static String abbreviated(String word) {
        String shown = word.length() > 40 ? word.substring(0, 40) + "..." : word;
        return shown.replaceAll("\\p{Cntrl}", "?");
    }
}
