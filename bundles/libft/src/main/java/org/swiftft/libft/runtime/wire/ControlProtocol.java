package org.swiftft.libft.runtime.wire;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The application control protocol, shared by libft and the runtime: UTF-8 text lines over a local
 * Unix stream socket, words separated by one space. Free text (a request's argument, an answer, an
 * error) is the rest of the line; values that may hold spaces travel as {@code key=value} words with
 * the value form-urlencoded, which every language has a codec for.
 *
 * <pre>
 * application → runtime                      runtime → application
 * HELLO 1 &lt;app&gt; &lt;token&gt;                       OK HELLO | ERR &lt;why&gt;        (launched by the runtime)
 * REGISTER 1 &lt;app&gt; &lt;pid&gt; [key=value ...]     OK REGISTERED token=.. [heartbeat=host:port] | ERR &lt;why&gt;
 * UNREGISTER                                 OK UNREGISTERED
 * OK &lt;id&gt; [text] | ERR &lt;id&gt; &lt;text&gt;            REQ &lt;id&gt; &lt;VERB&gt; [argument]
 * </pre>
 */
public final class ControlProtocol {

    public static final int VERSION = 1;
    /** The environment variable naming the runtime's application socket, set for every process it launches. */
    public static final String ENV_CONTROL = "SWIFT_CONTROL";
    /**
     * Longest line either side accepts, newline excluded; a longer one ends the connection. Large
     * enough for a registration carrying a long class path, form-urlencoded.
     */
    public static final int MAX_LINE_BYTES = 64 * 1024;

    public static final String HELLO = "HELLO";
    public static final String REGISTER = "REGISTER";
    public static final String UNREGISTER = "UNREGISTER";
    public static final String REQUEST = "REQ";
    public static final String OK = "OK";
    public static final String ERR = "ERR";
    public static final String REGISTERED = "REGISTERED";
    public static final String UNREGISTERED = "UNREGISTERED";

    /** Requests the runtime sends; an application may answer others it knows, or ERR. */
    public static final String CHECKPOINT = "CHECKPOINT";
    public static final String PREPARE_STOP = "PREPARE_STOP";
    public static final String PROMOTE = "PROMOTE";

    /** Registration keys: the watch-file keys that make sense for a process that is already running. */
    public static final String KEY_COMMAND_LINE = "command.line";
    public static final String KEY_WORKING_DIRECTORY = "working.directory";
    public static final String KEY_HEARTBEAT_TIMEOUT = "heartbeat.timeout.ms";
    public static final String KEY_POLICY = "policy";
    public static final String KEY_STOP_GRACE = "stop.grace.ms";
    /** Prefix of the registration keys that carry the environment a restart runs with: {@code env.PATH=...}. */
    public static final String KEY_ENVIRONMENT_PREFIX = "env.";
    public static final String KEY_TOKEN = "token";
    public static final String KEY_HEARTBEAT = "heartbeat";

    private ControlProtocol() {
    }

    /** A request's verb: 1 to 32 of {@code A-Z 0-9 _}, starting with a letter. */
    public static boolean isVerb(String verb) {
        return verb != null && verb.matches("[A-Z][A-Z0-9_]{0,31}");
    }

    /** The first {@code count} words, then the rest of the line (or "") as a last element. */
    public static List<String> split(String line, int count) {
        String[] parts = line.split(" ", count + 1);
        String[] padded = new String[count + 1];
        for (int i = 0; i <= count; i++) {
            padded[i] = i < parts.length ? parts[i] : "";
        }
        return List.of(padded);
    }

    /** {@code key=value} words, values form-urlencoded, in the map's order. */
    public static String encode(Map<String, String> values) {
        StringBuilder words = new StringBuilder();
        values.forEach((key, value) -> {
            if (words.length() > 0) {
                words.append(' ');
            }
            words.append(key).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
        });
        return words.toString();
    }

    /**
     * The {@code key=value} words of a line's tail.
     *
     * @throws IllegalArgumentException naming the word that is not {@code key=value} or not decodable
     */
    public static Map<String, String> decode(String words) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String word : words.strip().split(" +")) {
            if (word.isEmpty()) {
                continue;
            }
            int equals = word.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("'" + oneLine(word) + "' is not key=value");
            }
            String key = word.substring(0, equals);
            String value;
            try {
                value = URLDecoder.decode(word.substring(equals + 1), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("the value of " + oneLine(key) + " is not form-urlencoded: " + e.getMessage());
            }
            if (values.put(key, value) != null) {
                throw new IllegalArgumentException(oneLine(key) + " is given twice");
            }
        }
        return values;
    }

    /** Longest free text on a line (an answer, an error): what is beyond is cut, so a line always fits. */
    public static final int MAX_TEXT_CHARS = 1024;

    /** A line's text must not break the framing: control characters (line breaks too) become spaces, and it is cut to {@link #MAX_TEXT_CHARS}. */
    public static String oneLine(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder line = new StringBuilder(Math.min(text.length(), MAX_TEXT_CHARS));
        for (int i = 0; i < text.length() && line.length() < MAX_TEXT_CHARS; i++) {
            char c = text.charAt(i);
            line.append(Character.isISOControl(c) ? ' ' : c); // line breaks would break the framing, other controls a terminal
        }
        return line.toString();
    }
}
