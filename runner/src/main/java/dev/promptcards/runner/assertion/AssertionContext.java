package dev.promptcards.runner.assertion;

/**
 * What a test's assertions are checked against: the provider's output and the call's measurements.
 *
 * @param output    the model's output text; null is read as ""
 * @param latencyMs the call's latency in milliseconds; null when not measured
 * @param costUsd   the call's cost in US dollars; null when unknown (no price for the model)
 */
public record AssertionContext(String output, Long latencyMs, Double costUsd) {

    /** Normalizes a null output to "". */
    public AssertionContext {
        output = output == null ? "" : output;
    }

    /** A context with only an output (no latency, cost unknown). */
    public static AssertionContext ofOutput(String output) {
        return new AssertionContext(output, null, null);
    }
}
