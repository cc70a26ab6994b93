package dev.promptcards.presence;

/**
 * Thrown by {@link Awareness#applyUpdate(byte[])} for a malformed awareness update: truncated, an integer
 * out of range, a count of entries that cannot fit in the input, invalid UTF-8, or a state that is not
 * valid JSON. The update is refused as a whole: the awareness is left exactly as it was.
 *
 * <p>The message says what was wrong and where (offsets count bytes of the update, or chars of a state's
 * JSON text); it is meant for logs, not for sending to clients verbatim.
 *
 * <p>Its one subclass, {@link AwarenessLimitException}, refuses a well-formed update that would make the
 * awareness hold too many clients; catch it first to tell a limit from a malformed update.
 */
public sealed class AwarenessDecodeException extends RuntimeException permits AwarenessLimitException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was wrong and where
     * @param cause   the underlying lib0 or JSON decoding failure, or {@code null}
     */
    public AwarenessDecodeException(String message, Throwable cause) {
        super(message, cause);
    }
}
