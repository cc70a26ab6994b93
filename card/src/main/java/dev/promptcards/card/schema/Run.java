package dev.promptcards.card.schema;

import java.util.Map;

/**
 * A run of a card's tests, read from its {@code Y.Map} in {@code runs} as the web client's runs panel
 * reads it ({@code runFields} in {@code src/card/runs.ts}): strings absent are "", optional values absent
 * are null.
 *
 * @param id          the run's key in {@code runs}
 * @param status      the status (a {@link RunStatus} value, or whatever is stored)
 * @param provider    the provider called
 * @param model       the model called
 * @param by          who started it
 * @param startedAt   ISO-8601; null when absent
 * @param finishedAt  ISO-8601; null until it ends
 * @param stateVector base64 state vector of the card revision run; null when absent
 * @param summary     its figures; null until written
 * @param results     each test's result by test case id, in the map's order
 * @param error       why the run as a whole ended error or cancelled; "" when nothing is said
 */
public record Run(String id, String status, String provider, String model, String by, String startedAt,
        String finishedAt, String stateVector, RunSummary summary, Map<String, TestResult> results, String error) {
}
