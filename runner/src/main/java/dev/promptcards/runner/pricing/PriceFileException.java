package dev.promptcards.runner.pricing;

/**
 * A price file that cannot be used: unreadable, or a line that is not a price row. The message names the
 * file and the line, says what is wrong there, and what a row looks like.
 */
public final class PriceFileException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    PriceFileException(String message) {
        super(message);
    }

    PriceFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
