package dev.promptcards.crdt;

/** A malformed update: nothing of it was applied. */
public final class UpdateDecodeException extends RuntimeException {
    public UpdateDecodeException(String message, Throwable cause) {
        super(message, cause);
    }

    public UpdateDecodeException(String message) {
        super(message);
    }
}
