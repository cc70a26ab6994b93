package dev.promptcards.runner.assertion;

import dev.promptcards.card.schema.Assertion;
import dev.promptcards.crdt.lib0.DecodeException;
import dev.promptcards.crdt.lib0.JsJson;
import java.util.List;
import java.util.Map;

/**
 * {@code is-json} and {@code contains-json} (promptfoo src/assertions/json.ts), with an optional JSON
 * Schema value ({@link JsonSchema}): {@code is-json} then also needs the output to conform, and
 * {@code contains-json} needs one of the objects in the output ({@link JsonObjects}) to conform. A schema
 * that cannot be read is an error whatever the output (promptfoo reads it only once there is JSON to
 * check, and then fails the assertion instead).
 */
final class JsonChecks {

    private static final String CONFORMS = "JSON does not conform to the provided schema. Errors: ";

    private JsonChecks() {
    }

    static AssertionOutcome isJson(Assertion assertion, boolean inverse, AssertionContext context) {
        JsonSchema schema = schema(assertion);
        Object parsed;
        try {
            parsed = JsJson.parse(context.output());
        } catch (DecodeException notJson) {
            return AssertionOutcome.verdict(assertion.type(), inverse,
                    inverse ? "Assertion passed" : "Expected output to be valid JSON");
        }
        if (schema != null) {
            String violations = schema.violations(parsed);
            boolean pass = (violations == null) != inverse;
            if (!pass) {
                return AssertionOutcome.verdict(assertion.type(), false,
                        inverse ? "Output is JSON that conforms to the provided schema" : CONFORMS + violations);
            }
            return AssertionOutcome.verdict(assertion.type(), true, "Assertion passed");
        }
        return AssertionOutcome.verdict(assertion.type(), !inverse,
                inverse ? "Expected output to be valid JSON" : "Assertion passed");
    }

    static AssertionOutcome containsJson(Assertion assertion, boolean inverse, AssertionContext context) {
        JsonSchema schema = schema(assertion);
        List<Map<?, ?>> objects = JsonObjects.extract(context.output());
        boolean pass = objects.isEmpty() == inverse;
        String reason = "Expected output to contain valid JSON";
        if (schema != null) {
            for (Map<?, ?> object : objects) {
                String violations = schema.violations(object);
                pass = (violations == null) != inverse;
                if (violations == null) {
                    if (inverse) {
                        reason = "Output contains JSON conforming to the provided schema";
                    }
                    break;
                }
                reason = CONFORMS + violations;
            }
        }
        return AssertionOutcome.verdict(assertion.type(), pass, pass ? "Assertion passed" : reason);
    }

    private static JsonSchema schema(Assertion assertion) {
        return JsonSchema.given(assertion.value()) ? JsonSchema.of(assertion.type(), assertion.value()) : null;
    }
}
