package dev.promptcards.server.auth;

import dev.promptcards.server.CloseCodes;
import java.nio.charset.StandardCharsets;

/**
 * A connection refused: the WebSocket close code and a reason that is safe to send to the client.
 *
 * <p>The reason is short (at most {@value #MAX_REASON_BYTES} bytes of UTF-8, a WebSocket close
 * frame allows 123), printable ASCII only, and never holds the token or a secret. A longer or
 * non-ASCII reason given to the constructor is cut and cleaned. No stack trace is recorded: tokens
 * are refused often and cheaply.
 */
public final class AuthException extends Exception {

    /** Close code for a missing, malformed, expired or otherwise invalid token. */
    public static final int UNAUTHORIZED = CloseCodes.BAD_TOKEN;
    /** Close code for a valid token that does not open the requested workspace or card. */
    public static final int FORBIDDEN = CloseCodes.FORBIDDEN;
    /** The longest reason, in bytes of UTF-8. */
    public static final int MAX_REASON_BYTES = CloseCodes.MAX_REASON_BYTES;

    private static final long serialVersionUID = 1L;

    private final int closeCode;
    private final String reason;

    /**
     * A refusal.
     *
     * @param closeCode {@link #UNAUTHORIZED} or {@link #FORBIDDEN}
     * @param reason what was wrong, short; cut to {@value #MAX_REASON_BYTES} bytes, non-printable
     *     and non-ASCII characters replaced by {@code ?}
     * @throws IllegalArgumentException for another close code
     */
    public AuthException(int closeCode, String reason) {
        this(closeCode, reason, null);
    }

    /**
     * A refusal with its cause (for logs; the cause's message is never sent to the client).
     *
     * @param closeCode {@link #UNAUTHORIZED} or {@link #FORBIDDEN}
     * @param reason what was wrong, short
     * @param cause what went wrong underneath, or null
     * @throws IllegalArgumentException for another close code
     */
    public AuthException(int closeCode, String reason, Throwable cause) {
        super(clean(reason), cause, false, false);
        if (closeCode != UNAUTHORIZED && closeCode != FORBIDDEN) {
            throw new IllegalArgumentException("close code must be 4401 or 4403: " + closeCode);
        }
        this.closeCode = closeCode;
        this.reason = getMessage();
    }

    /** A 4401 refusal: the token is missing or invalid. */
    public static AuthException unauthorized(String reason) {
        return new AuthException(UNAUTHORIZED, reason);
    }

    /** A 4403 refusal: the token is valid but not for this workspace or card. */
    public static AuthException forbidden(String reason) {
        return new AuthException(FORBIDDEN, reason);
    }

    /** The WebSocket close code: {@link #UNAUTHORIZED} (4401) or {@link #FORBIDDEN} (4403). */
    public int closeCode() {
        return closeCode;
    }

    /** The close reason: short printable ASCII, at most {@value #MAX_REASON_BYTES} bytes. */
    public String reason() {
        return reason;
    }

    /** Printable ASCII only (so one char is one byte), cut to {@link #MAX_REASON_BYTES}. */
    static String clean(String reason) {
        if (reason == null || reason.isEmpty()) {
            return "unauthorized";
        }
        StringBuilder out = new StringBuilder(Math.min(reason.length(), MAX_REASON_BYTES));
        for (int i = 0; i < reason.length() && out.length() < MAX_REASON_BYTES; i++) {
            char c = reason.charAt(i);
            out.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        assert out.toString().getBytes(StandardCharsets.UTF_8).length <= MAX_REASON_BYTES;
        return out.toString();
    }
}
