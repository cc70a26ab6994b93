package dev.promptcards.runner.assertion;

/**
 * The model that grades {@code llm-rubric} assertions (promptfoo's grading provider): it gets the rubric
 * prompt as a system message and a user message, and answers with its verdict as text.
 */
@FunctionalInterface
public interface Judge {

    /**
     * Asks the judge once, blocking until its whole answer is in.
     *
     * @param system the system message (the grading instructions)
     * @param user   the user message (the output and the rubric)
     * @return the judge model's whole answer
     * @throws Exception when the judge cannot be reached or fails; the assertion is then an error
     */
    String complete(String system, String user) throws Exception;
}
