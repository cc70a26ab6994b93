/**
 * promptfoo's deterministic assertions over a test's output: {@link dev.promptcards.runner.assertion.Assertions}
 * evaluates one assertion of a card's test (an {@code Assertion} of the card schema) into its
 * {@code AssertionResult} and grades a test's list of them as promptfoo's {@code runAssertions} does
 * ({@link dev.promptcards.runner.assertion.TestGrade}). Each rule names the promptfoo source file it follows.
 */
package dev.promptcards.runner.assertion;
