package dev.promptcards.runner.assertion;

import dev.promptcards.card.schema.Assertion;

/**
 * {@code latency} (promptfoo src/assertions/latency.ts): the call took at most {@code threshold} ms
 * ({@code not-latency}: more). Without a threshold, or without a measured latency, it is an error
 * (promptfoo's metric-only form without a threshold needs {@code metric}, which cards do not have).
 */
final class LatencyCheck {

    private LatencyCheck() {
    }

    static AssertionOutcome check(Assertion assertion, boolean inverse, AssertionContext context) {
        Double threshold = assertion.threshold();
        InvalidAssertionException.require(threshold != null, "Latency assertion requires a threshold (in ms)");
        Long latency = context.latencyMs();
        InvalidAssertionException.require(latency != null, "Latency assertion: the call's latency was not measured");
        boolean pass = inverse ? latency > threshold : latency <= threshold;
        String t = JsValues.number(threshold);
        String reason;
        if (pass) {
            reason = "Assertion passed";
        } else if (inverse) {
            reason = "Latency " + latency + "ms is less than or equal to threshold " + t + "ms";
        } else {
            reason = "Latency " + latency + "ms is greater than threshold " + t + "ms";
        }
        return AssertionOutcome.verdict(assertion.type(), pass, reason);
    }
}
