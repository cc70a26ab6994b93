package dev.promptcards.card.schema;

import java.util.List;

/**
 * A test's result in a run, read from its {@code Y.Map} as the web client's runs panel reads it
 * ({@code resultFields} in {@code src/card/runs.ts}): strings absent are "", optional values absent are
 * null.
 *
 * @param status     the status (a {@link RunStatus} value, or whatever is stored)
 * @param output     the output streamed so far
 * @param error      what went wrong; "" when nothing did
 * @param pass       whether the test passed; null until known
 * @param score      its score; null until known
 * @param assertions how each assertion came out; empty until known
 * @param latencyMs  null until known
 * @param tokensIn   null until known
 * @param tokensOut  null until known
 * @param costUsd    null until known
 */
public record TestResult(String status, String output, String error, Boolean pass, Double score,
        List<AssertionResult> assertions, Long latencyMs, Long tokensIn, Long tokensOut, Double costUsd) {
}
