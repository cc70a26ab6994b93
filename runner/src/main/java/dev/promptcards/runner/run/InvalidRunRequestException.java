package dev.promptcards.runner.run;

/** A run that cannot start as asked; the message says why and what to do (the API answers 400 with it). */
public class InvalidRunRequestException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message why the run cannot start
     */
    public InvalidRunRequestException(String message) {
        super(message);
    }
}
