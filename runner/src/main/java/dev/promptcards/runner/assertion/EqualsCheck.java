package dev.promptcards.runner.assertion;

import dev.promptcards.card.schema.Assertion;
import dev.promptcards.crdt.lib0.DecodeException;
import dev.promptcards.crdt.lib0.JsJson;
import java.util.List;
import java.util.Map;

/**
 * {@code equals} (promptfoo src/assertions/equals.ts): an object or array value deep-equals the output
 * parsed as JSON (output that is not JSON is not equal); any other value is compared as its JS string with
 * the output, exactly.
 */
final class EqualsCheck {

    private EqualsCheck() {
    }

    static AssertionOutcome check(Assertion assertion, boolean inverse, AssertionContext context) {
        Object value = assertion.value();
        // promptfoo compares with "undefined" then; a missing value is a mistake in the card.
        InvalidAssertionException.require(value != null, "\"equals\" assertion type must have a value");
        boolean pass;
        String expected;
        if (value instanceof Map<?, ?> || value instanceof List<?>) {
            boolean equal;
            try {
                equal = JsValues.deepStrictEqual(value, JsJson.parse(context.output()));
            } catch (DecodeException notJson) {
                equal = false;
            }
            pass = equal != inverse;
            expected = JsJson.stringify(value);
        } else {
            expected = JsValues.string(value);
            pass = expected.equals(context.output()) != inverse;
        }
        return AssertionOutcome.verdict(assertion.type(), pass, pass ? "Assertion passed"
                : "Expected output \"" + context.output() + "\" to " + ContainsChecks.not(inverse)
                        + "equal \"" + expected + "\"");
    }
}
