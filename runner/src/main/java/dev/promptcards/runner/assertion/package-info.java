/**
 * promptfoo's assertions over a test's output: {@link dev.promptcards.runner.assertion.Assertions}
 * evaluates one assertion of a card's test (an {@code Assertion} of the card schema) into its
 * {@code AssertionResult} and grades a test's list of them as promptfoo's {@code runAssertions} does
 * ({@link dev.promptcards.runner.assertion.TestGrade}). The deterministic ones need only the output and
 * the call's measurements; {@code llm-rubric} asks a {@link dev.promptcards.runner.assertion.Judge} and
 * {@code similar} an {@link dev.promptcards.runner.assertion.Embedder}, both given in the context's
 * {@link dev.promptcards.runner.assertion.Graders} ({@link dev.promptcards.runner.assertion.Embedders#local()}
 * runs all-MiniLM-L6-v2 in process). Each rule names the promptfoo source file it follows.
 */
package dev.promptcards.runner.assertion;
