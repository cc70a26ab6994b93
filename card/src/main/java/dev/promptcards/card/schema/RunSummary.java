package dev.promptcards.card.schema;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The figures of a run, stored as a plain object under the run's {@code summary}. Read as the web
 * client's runs panel reads it: a count that is absent or not a whole number is 0.
 *
 * @param passed       tests that passed
 * @param failed       tests that failed
 * @param errors       tests that could not be run
 * @param tokensIn     tokens sent, over all tests
 * @param tokensOut    tokens received, over all tests
 * @param costUsd      the cost in USD; null when unknown
 * @param latencyMsP50 the median latency of the tests in milliseconds; null when none finished
 */
public record RunSummary(long passed, long failed, long errors, long tokensIn, long tokensOut, Double costUsd,
        Long latencyMsP50) {

    /** Reads a stored summary object (the document's, or the database's JSON). */
    public static RunSummary read(Map<String, Object> summary) {
        return new RunSummary(
                Values.wholeOrZero(summary.get(CardFields.Summary.PASSED)),
                Values.wholeOrZero(summary.get(CardFields.Summary.FAILED)),
                Values.wholeOrZero(summary.get(CardFields.Summary.ERRORS)),
                Values.wholeOrZero(summary.get(CardFields.Summary.TOKENS_IN)),
                Values.wholeOrZero(summary.get(CardFields.Summary.TOKENS_OUT)),
                Values.optionalNumber(summary.get(CardFields.Summary.COST_USD)),
                Values.optionalWhole(summary.get(CardFields.Summary.LATENCY_MS_P50)));
    }

    /** The plain object to store (null fields left out). */
    public Map<String, Object> toPlain() {
        Map<String, Object> plain = new LinkedHashMap<>();
        plain.put(CardFields.Summary.PASSED, passed);
        plain.put(CardFields.Summary.FAILED, failed);
        plain.put(CardFields.Summary.ERRORS, errors);
        plain.put(CardFields.Summary.TOKENS_IN, tokensIn);
        plain.put(CardFields.Summary.TOKENS_OUT, tokensOut);
        Values.putIfPresent(plain, CardFields.Summary.COST_USD, costUsd);
        Values.putIfPresent(plain, CardFields.Summary.LATENCY_MS_P50, latencyMsP50);
        return plain;
    }
}
