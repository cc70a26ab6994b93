package dev.promptcards.runner.assertion;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a test's assertions are checked against: the provider's output, the call's measurements, the test
 * case's variables (rendered into an {@code llm-rubric} rubric or a {@code similar} value) and the models
 * that grade ({@link Graders}).
 *
 * @param output    the model's output text; null is read as ""
 * @param latencyMs the call's latency in milliseconds; null when not measured
 * @param costUsd   the call's cost in US dollars; null when unknown (no price for the model)
 * @param vars      the test case's variables; null is read as none; copied, unmodifiable
 * @param graders   the judge and the embedder; null is read as {@link Graders#NONE}
 */
public record AssertionContext(String output, Long latencyMs, Double costUsd, Map<String, String> vars,
        Graders graders) {

    /** Normalizes null fields and copies the variables. */
    public AssertionContext {
        output = output == null ? "" : output;
        // a copy that keeps the order and tolerates a null value (a variable without text)
        vars = vars == null || vars.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(vars));
        graders = graders == null ? Graders.NONE : graders;
    }

    /** A context without variables or graders: only the deterministic assertions can be checked. */
    public AssertionContext(String output, Long latencyMs, Double costUsd) {
        this(output, latencyMs, costUsd, Map.of(), Graders.NONE);
    }

    /** A context with only an output (no latency, cost unknown, no variables, no graders). */
    public static AssertionContext ofOutput(String output) {
        return new AssertionContext(output, null, null);
    }
}
