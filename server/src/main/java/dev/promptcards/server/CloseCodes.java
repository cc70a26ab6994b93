package dev.promptcards.server;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The WebSocket close codes the server uses, in one place for the rooms, the network layer and authentication (ARCHITECTURE.md "Close codes": 4400-4499 are
 * permanent, a client should not reconnect; 1011 and 1013 are worth a retry).
 */
public final class CloseCodes {

    /** RFC 6455 1000: normal closure. */
    public static final int NORMAL = 1000;
    /** RFC 6455 1001: going away (the server shuts down). */
    public static final int GOING_AWAY = 1001;
    /** RFC 6455 1002: the peer broke the WebSocket protocol (a bad frame, an invalid close code). */
    public static final int PROTOCOL_ERROR = 1002;
    /** RFC 6455 1007: data that does not match its type (invalid UTF-8 in a text frame or close reason). */
    public static final int INVALID_PAYLOAD = 1007;
    /** RFC 6455 1011: the server met an unexpected condition. */
    public static final int INTERNAL_ERROR = 1011;
    /** RFC 6455 1013: try again later (room or connection cap, slow reader). */
    public static final int TRY_AGAIN_LATER = 1013;
    /** A malformed frame or message. */
    public static final int BAD_MESSAGE = 4400;
    /** A missing, malformed or expired token. */
    public static final int BAD_TOKEN = 4401;
    /** A valid token for another workspace or card. */
    public static final int FORBIDDEN = 4403;
    /** No such card. */
    public static final int NO_SUCH_CARD = 4404;
    /** A frame or a card too big, or too many awareness clients on a card. */
    public static final int TOO_BIG = 4413;

    /**
     * The longest close reason we send, in bytes of UTF-8. RFC 6455 section 5.5 limits a control
     * frame's payload to 125 bytes, 2 of which hold the code: 123 are left; we keep 120.
     */
    public static final int MAX_REASON_BYTES = 120;

    private CloseCodes() {
    }

    /**
     * Cuts a reason to at most {@link #MAX_REASON_BYTES} bytes of UTF-8, never inside a character.
     *
     * @param reason the reason, may be null (then empty)
     * @return the reason, shortened if needed
     */
    public static String reason(String reason) {
        if (reason == null) {
            return "";
        }
        if (reason.length() * 3 <= MAX_REASON_BYTES) {
            return reason;
        }
        CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        CharBuffer in = CharBuffer.wrap(reason);
        // the encoder stops before a character that does not fit whole
        encoder.encode(in, ByteBuffer.allocate(MAX_REASON_BYTES), true);
        return reason.substring(0, in.position());
    }
}
