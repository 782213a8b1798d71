package org.swiftft.heartbeat.internal;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import org.swiftft.heartbeat.DropReason;
import org.swiftft.heartbeat.HeartbeatProtocol;

/**
 * One datagram of the heartbeat protocol, parsed: {@code <token> <verb> [args]}. Parsing never
 * throws: a datagram that is not a valid message comes back as a drop with its reason.
 *
 * @param token   the sender's token (not yet checked against the table)
 * @param verb    one of the protocol's verbs
 * @param region  the region, for ENTER and LEAVE
 * @param timeout the timeout in milliseconds, for ENTER
 * @param text    the status text, for STATUS
 * @param dropped why the datagram is not a message, or {@code null} if it is one
 */
record HeartbeatMessage(String token, String verb, String region, long timeout, String text, DropReason dropped) {

    /** Longest region timeout accepted (7 days): deadlines are nanoTime sums and must not overflow. */
    static final long MAX_TIMEOUT_MILLIS = 7L * 24 * 3600 * 1000;

    static HeartbeatMessage parse(ByteBuffer datagram) {
        if (datagram.remaining() > HeartbeatProtocol.MAX_DATAGRAM_BYTES) {
            return drop(DropReason.OVERSIZE);
        }
        String line;
        try {
            line = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(datagram).toString();
        } catch (CharacterCodingException e) {
            return drop(DropReason.MALFORMED);
        }
        line = line.endsWith("\n") ? line.substring(0, line.length() - 1) : line; // echo adds one
        line = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line; // and some tools a CR too
        int space = line.indexOf(' ');
        if (space != HeartbeatProtocol.TOKEN_HEX_DIGITS) {
            return drop(DropReason.MALFORMED);
        }
        String token = line.substring(0, space);
        String rest = line.substring(space + 1);
        int argsAt = rest.indexOf(' ');
        String verb = argsAt < 0 ? rest : rest.substring(0, argsAt);
        String args = argsAt < 0 ? "" : rest.substring(argsAt + 1);
        switch (verb) {
            case HeartbeatProtocol.VERB_HB:
            case HeartbeatProtocol.VERB_READY:
                return args.isEmpty() ? message(token, verb, null, 0, null) : drop(DropReason.BAD_ARGUMENT);
            case HeartbeatProtocol.VERB_STATUS:
                return message(token, verb, null, 0, args);
            case HeartbeatProtocol.VERB_LEAVE:
                return isRegion(args) ? message(token, verb, args, 0, null) : drop(DropReason.BAD_ARGUMENT);
            case HeartbeatProtocol.VERB_ENTER:
                return enter(token, args);
            default:
                return drop(DropReason.UNKNOWN_VERB);
        }
    }

    private static HeartbeatMessage enter(String token, String args) {
        int space = args.indexOf(' ');
        if (space < 0 || !isRegion(args.substring(0, space))) {
            return drop(DropReason.BAD_ARGUMENT);
        }
        long timeout;
        try {
            timeout = Long.parseLong(args.substring(space + 1));
        } catch (NumberFormatException e) {
            return drop(DropReason.BAD_ARGUMENT);
        }
        if (timeout <= 0 || timeout > MAX_TIMEOUT_MILLIS) {
            return drop(DropReason.BAD_ARGUMENT);
        }
        return message(token, HeartbeatProtocol.VERB_ENTER, args.substring(0, space), timeout, null);
    }

    static boolean isRegion(String name) {
        return !name.isEmpty() && name.length() <= HeartbeatProtocol.MAX_REGION_NAME
                && name.chars().noneMatch(Character::isWhitespace);
    }

    private static HeartbeatMessage message(String token, String verb, String region, long timeout, String text) {
        return new HeartbeatMessage(token, verb, region, timeout, text, null);
    }

    private static HeartbeatMessage drop(DropReason reason) {
        return new HeartbeatMessage(null, null, null, 0, null, reason);
    }
}
