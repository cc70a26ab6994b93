package dev.promptcards.crdt.lib0;

/**
 * Thrown when binary (lib0) or JSON input is malformed: truncated, out of range, or otherwise not what
 * the reader expects. The message names what was being read and the offset at which it started, e.g.
 * {@code "varUint at offset 3: unexpected end of input (input length 4)"}.
 *
 * <p>Readers in this package throw nothing else for bad input, so callers can treat this exception as
 * "the peer sent garbage".
 */
public class DecodeException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Offset of the failed read, or -1 when unknown. */
    private final int offset;

    /**
     * Creates an exception for a read of {@code what} that started at {@code offset}.
     *
     * @param what   what was being read, e.g. {@code "varUint"}
     * @param offset offset (in the decoder's input; for JSON, in chars) at which that read started
     * @param reason why it failed, e.g. {@code "unexpected end of input"}
     */
    public DecodeException(String what, int offset, String reason) {
        super(what + " at offset " + offset + ": " + reason);
        this.offset = offset;
    }

    /**
     * Creates an exception with a free-form message and no known offset.
     *
     * @param message the detail message
     */
    public DecodeException(String message) {
        super(message);
        this.offset = -1;
    }

    /**
     * Creates an exception with a free-form message, no known offset, and a cause.
     *
     * @param message the detail message
     * @param cause   the underlying failure
     */
    public DecodeException(String message, Throwable cause) {
        super(message, cause);
        this.offset = -1;
    }

    /**
     * Returns the offset at which the failed read started, or -1 when unknown.
     *
     * @return the offset, or -1
     */
    public int offset() {
        return offset;
    }
}
