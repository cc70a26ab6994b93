package dev.promptcards.crdt.sync;

/**
 * A frame that is not a well-formed sequence of y-websocket messages: an unknown message type, an
 * unknown sync message type, or a message cut short (truncated varUint, a length field larger than the
 * rest of the frame, invalid UTF-8 in a reason string).
 *
 * <p>The message names what was wrong and {@link #offset()} is the byte offset in the frame where the
 * bad part starts, e.g. {@code "unknown message type 9 at offset 4"}. When a frame fails, no message of
 * it is returned: the caller gets either every message of the frame or this exception.
 */
public final class ProtocolException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int offset;

    /**
     * Creates the exception.
     *
     * @param message what was wrong, naming the offset
     * @param offset  byte offset in the frame where the bad part starts
     */
    public ProtocolException(String message, int offset) {
        super(message);
        this.offset = offset;
    }

    /**
     * Creates the exception with the decoding failure that caused it.
     *
     * @param message what was wrong, naming the offset
     * @param offset  byte offset in the frame where the bad part starts
     * @param cause   the underlying failure (usually a {@link dev.promptcards.crdt.lib0.DecodeException})
     */
    public ProtocolException(String message, int offset, Throwable cause) {
        super(message, cause);
        this.offset = offset;
    }

    /**
     * Returns the byte offset in the frame where the bad part starts.
     *
     * @return the offset, counted from the start of the frame
     */
    public int offset() {
        return offset;
    }
}
