package org.swiftft.libft.heartbeat;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Encodes the datagrams of the heartbeat protocol for one token, and checks their arguments.
 *
 * <p>The constants are copies of those in {@code org.swiftft.heartbeat.HeartbeatProtocol}: libft is
 * a plain jar that must not depend on the runtime's API bundle, and the wire format is the contract
 * both sides keep.
 *
 * <p>Immutable and thread-safe; every method but {@link #heartbeat()} allocates its datagram.
 */
final class HeartbeatDatagrams {

    static final int MAX_DATAGRAM_BYTES = 512;
    static final int TOKEN_HEX_DIGITS = 32;
    static final int MAX_REGION_NAME = 64;

    private static final String VERB_HB = "HB";
    private static final String VERB_ENTER = "ENTER";
    private static final String VERB_LEAVE = "LEAVE";
    private static final String VERB_READY = "READY";
    private static final String VERB_STATUS = "STATUS";

    /** How many characters of a token an error message may show: enough to tell tokens apart. */
    private static final int VISIBLE_TOKEN_CHARS = 4;

    private final String token;

    HeartbeatDatagrams(String token) {
        this.token = requireToken(token, "token");
    }

    /** {@code TOKEN HB} in a new direct buffer, so that sending it needs no copy into native memory. */
    ByteBuffer heartbeat() {
        byte[] text = ascii(token + ' ' + VERB_HB);
        return ByteBuffer.allocateDirect(text.length).put(text).flip();
    }

    ByteBuffer ready() {
        return ByteBuffer.wrap(ascii(token + ' ' + VERB_READY));
    }

    ByteBuffer enter(String region, long timeoutMillis) {
        requireRegion(region);
        requireTimeout(region, timeoutMillis);
        // At most 64 chars of 3 UTF-8 bytes each plus a long: well under the datagram limit.
        return utf8(token + ' ' + VERB_ENTER + ' ' + region + ' ' + timeoutMillis);
    }

    ByteBuffer leave(String region) {
        requireRegion(region);
        return utf8(token + ' ' + VERB_LEAVE + ' ' + region);
    }

    /**
     * {@code TOKEN STATUS text}, with control characters (newlines included) turned into spaces,
     * because the runtime shows the text on one line of a table; cut at a character boundary to
     * fit {@value #MAX_DATAGRAM_BYTES} bytes, because a longer datagram is dropped whole.
     */
    ByteBuffer status(String text) {
        Objects.requireNonNull(text, "text");
        ByteBuffer datagram = ByteBuffer.allocate(MAX_DATAGRAM_BYTES);
        datagram.put(ascii(token + ' ' + VERB_STATUS + ' '));
        CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        // The encoder stops before the first character that does not fit whole (OVERFLOW), so a
        // multi-byte character or a surrogate pair is never split; that result is the truncation.
        encoder.encode(CharBuffer.wrap(oneLine(text)), datagram, true);
        return datagram.flip();
    }

    private static String oneLine(String text) {
        StringBuilder line = new StringBuilder(text);
        for (int i = 0; i < line.length(); i++) {
            if (Character.isISOControl(line.charAt(i)) || isLineSeparator(line.charAt(i))) {
                line.setCharAt(i, ' ');
            }
        }
        return line.toString();
    }

    private static boolean isLineSeparator(char c) {
        return c == '\u2028' || c == '\u2029';
    }

    /**
     * Checks a token: exactly {@value #TOKEN_HEX_DIGITS} hex digits.
     *
     * @param source what the token came from (a parameter or an environment variable), for the message
     * @throws IllegalArgumentException naming the source and a masked value, since the token is a secret
     */
    static String requireToken(String token, String source) {
        Objects.requireNonNull(token, source);
        if (token.length() != TOKEN_HEX_DIGITS || !token.chars().allMatch(HeartbeatDatagrams::isHexDigit)) {
            throw new IllegalArgumentException(source + "=\"" + masked(token) + "\" (" + token.length()
                    + " characters) is not a SwiFT heartbeat token: expected " + TOKEN_HEX_DIGITS
                    + " hex digits, as the runtime sets them in SWIFT_TOKEN for the process it launches");
        }
        return token;
    }

    /** The token's first few characters and an ellipsis; a short (thus invalid) value shows nothing. */
    static String masked(String token) {
        return token.length() > VISIBLE_TOKEN_CHARS ? token.substring(0, VISIBLE_TOKEN_CHARS) + "…" : "…";
    }

    /**
     * Checks a region name as the runtime does: 1–{@value #MAX_REGION_NAME} characters, no
     * whitespace (it separates the fields) and, so that it prints on one line, no control characters.
     */
    static String requireRegion(String region) {
        Objects.requireNonNull(region, "region");
        if (region.isEmpty() || region.length() > MAX_REGION_NAME) {
            throw new IllegalArgumentException("Region name \"" + region + "\" has " + region.length()
                    + " characters; a region name has 1 to " + MAX_REGION_NAME);
        }
        for (int i = 0; i < region.length(); i++) {
            char c = region.charAt(i);
            if (Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.isISOControl(c)) {
                throw new IllegalArgumentException("Region name \"" + region + "\" has a space or control "
                        + "character at index " + i + "; use a name without them, such as \"commit-batch\"");
            }
        }
        return region;
    }

    static void requireTimeout(String region, long timeoutMillis) {
        if (timeoutMillis <= 0) {
            throw new IllegalArgumentException("Timeout of region \"" + region + "\" is " + timeoutMillis
                    + " ms; it must be positive: how long the region may stay open before the process counts as hung");
        }
    }

    private static boolean isHexDigit(int c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static ByteBuffer utf8(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    }
}
