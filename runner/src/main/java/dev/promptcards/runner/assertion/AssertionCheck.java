package dev.promptcards.runner.assertion;

import dev.promptcards.card.schema.Assertion;

/** One promptfoo assertion type (its base type, without {@code not-}). */
@FunctionalInterface
interface AssertionCheck {

    /**
     * Checks the assertion.
     *
     * @param assertion the assertion as written (its type may carry {@code not-})
     * @param inverse   whether the type has the {@code not-} prefix
     * @param context   the output and measurements
     * @return the outcome
     * @throws InvalidAssertionException when the assertion's value or threshold is malformed
     */
    AssertionOutcome check(Assertion assertion, boolean inverse, AssertionContext context);
}
