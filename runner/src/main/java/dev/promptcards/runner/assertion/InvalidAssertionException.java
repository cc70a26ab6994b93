package dev.promptcards.runner.assertion;

/** An assertion that cannot be evaluated (promptfoo's {@code invariant} failures); becomes an error result. */
final class InvalidAssertionException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    InvalidAssertionException(String message) {
        super(message);
    }

    /** Throws with {@code message} unless {@code condition} holds. */
    static void require(boolean condition, String message) {
        if (!condition) {
            throw new InvalidAssertionException(message);
        }
    }
}
