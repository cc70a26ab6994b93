package dev.promptcards.runner.assertion;

import dev.promptcards.card.schema.Assertion;

/**
 * {@code cost} (promptfoo src/assertions/cost.ts): the call cost at most {@code threshold} US dollars
 * ({@code not-cost}: more). Without a threshold it is an error; an unknown cost (a model without a price)
 * fails, whichever form.
 */
final class CostCheck {

    private CostCheck() {
    }

    static AssertionOutcome check(Assertion assertion, boolean inverse, AssertionContext context) {
        Double threshold = assertion.threshold();
        InvalidAssertionException.require(threshold != null, "Cost assertion requires a threshold (in USD)");
        String t = JsValues.number(threshold);
        Double cost = context.costUsd();
        if (cost == null) {
            return AssertionOutcome.verdict(assertion.type(), false,
                    "Cost is unknown (no price for this provider and model), so it cannot be compared with threshold "
                            + t);
        }
        boolean pass = inverse ? cost > threshold : cost <= threshold;
        String shown = JsValues.toPrecision(cost, 2);
        String reason;
        if (pass) {
            reason = "Assertion passed";
        } else if (inverse) {
            reason = "Cost " + shown + " is less than or equal to threshold " + t;
        } else {
            reason = "Cost " + shown + " is greater than threshold " + t;
        }
        return AssertionOutcome.verdict(assertion.type(), pass, reason);
    }
}
