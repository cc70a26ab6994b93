package dev.promptcards.card.schema;

import java.util.List;
import java.util.Objects;

/**
 * What a test's result is set to when the test is done ({@link Runs#finishResult}); its output is
 * streamed before ({@link Runs#appendOutput}). Null fields are not written (absent in the document).
 *
 * @param status     passed, failed, error or cancelled
 * @param pass       whether the test passed
 * @param score      its weighted score
 * @param assertions how each assertion came out
 * @param latencyMs  how long the model took, in milliseconds
 * @param tokensIn   tokens sent
 * @param tokensOut  tokens received
 * @param costUsd    the cost in USD
 * @param error      what went wrong, for status error
 */
public record ResultOutcome(RunStatus status, Boolean pass, Double score, List<AssertionResult> assertions,
        Long latencyMs, Long tokensIn, Long tokensOut, Double costUsd, String error) {

    /** Validates that the status is given. */
    public ResultOutcome {
        Objects.requireNonNull(status, "status");
    }

    /** The outcome of a test that could not be run: status error with its message. */
    public static ResultOutcome error(String message) {
        return new ResultOutcome(RunStatus.ERROR, null, null, null, null, null, null, null, message);
    }
}
