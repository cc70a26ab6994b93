package dev.promptcards.runner.assertion;

/** How a failure of a grading model (the judge, the embedder) is told in an assertion's reason. */
final class ModelFailures {

    private ModelFailures() {
    }

    /** The exception's message, or its class when it has none (a bare NullPointerException). */
    static String describe(Exception e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }
}
