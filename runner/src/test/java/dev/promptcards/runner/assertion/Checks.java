package dev.promptcards.runner.assertion;

import dev.promptcards.card.schema.Assertion;
import dev.promptcards.card.schema.AssertionResult;

/** Shorthands for the assertion tests. */
final class Checks {

    private Checks() {
    }

    static AssertionResult eval(String type, Object value, String output) {
        return Assertions.evaluate(new Assertion(type, value, null, null), AssertionContext.ofOutput(output));
    }

    static AssertionOutcome outcome(String type, Object value, String output) {
        return Assertions.outcome(new Assertion(type, value, null, null), AssertionContext.ofOutput(output));
    }

    static AssertionResult passed(String type) {
        return new AssertionResult(type, true, 1.0, "Assertion passed");
    }

    static AssertionResult failed(String type, String reason) {
        return new AssertionResult(type, false, 0.0, reason);
    }
}
