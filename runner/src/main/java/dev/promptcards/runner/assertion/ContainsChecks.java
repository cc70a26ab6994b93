package dev.promptcards.runner.assertion;

import dev.promptcards.card.schema.Assertion;
import java.util.List;
import java.util.Locale;
import java.util.function.BiPredicate;

/**
 * {@code contains}, {@code icontains}, {@code contains-any}, {@code icontains-any}, {@code contains-all},
 * {@code icontains-all} (promptfoo src/assertions/contains.ts) and {@code starts-with}
 * (src/assertions/startsWith.ts). Score 1 when passing, else 0.
 */
final class ContainsChecks {

    private static final BiPredicate<String, String> CASE_SENSITIVE = String::contains;
    private static final BiPredicate<String, String> IGNORE_CASE =
            (output, part) -> output.toLowerCase(Locale.ROOT).contains(part.toLowerCase(Locale.ROOT));

    private ContainsChecks() {
    }

    static AssertionOutcome contains(Assertion assertion, boolean inverse, AssertionContext context) {
        return one("contains", CASE_SENSITIVE, assertion, inverse, context);
    }

    static AssertionOutcome icontains(Assertion assertion, boolean inverse, AssertionContext context) {
        return one("icontains", IGNORE_CASE, assertion, inverse, context);
    }

    static AssertionOutcome containsAny(Assertion assertion, boolean inverse, AssertionContext context) {
        return any("contains-any", CASE_SENSITIVE, assertion, inverse, context);
    }

    static AssertionOutcome icontainsAny(Assertion assertion, boolean inverse, AssertionContext context) {
        return any("icontains-any", IGNORE_CASE, assertion, inverse, context);
    }

    static AssertionOutcome containsAll(Assertion assertion, boolean inverse, AssertionContext context) {
        return all("contains-all", CASE_SENSITIVE, assertion, inverse, context);
    }

    static AssertionOutcome icontainsAll(Assertion assertion, boolean inverse, AssertionContext context) {
        return all("icontains-all", IGNORE_CASE, assertion, inverse, context);
    }

    static AssertionOutcome startsWith(Assertion assertion, boolean inverse, AssertionContext context) {
        Object value = assertion.value();
        InvalidAssertionException.require(value instanceof String s && !s.isEmpty(),
                "\"starts-with\" assertion type must have a string value");
        boolean pass = context.output().startsWith((String) value) != inverse;
        return AssertionOutcome.verdict(assertion.type(), pass, pass ? "Assertion passed"
                : "Expected output to " + not(inverse) + "start with \"" + value + "\"");
    }

    private static AssertionOutcome one(String name, BiPredicate<String, String> contains, Assertion assertion,
            boolean inverse, AssertionContext context) {
        Object value = assertion.value();
        boolean valid = value instanceof String s && !s.isEmpty()
                || value instanceof Number n && !Double.isNaN(n.doubleValue());
        InvalidAssertionException.require(valid, "\"" + name + "\" assertion type must have a string or number value");
        String text = JsValues.string(value);
        boolean pass = contains.test(context.output(), text) != inverse;
        return AssertionOutcome.verdict(assertion.type(), pass, pass ? "Assertion passed"
                : "Expected output to " + not(inverse) + "contain \"" + text + "\"");
    }

    private static AssertionOutcome any(String name, BiPredicate<String, String> contains, Assertion assertion,
            boolean inverse, AssertionContext context) {
        List<?> values = values(name, assertion.value());
        boolean found = values.stream().anyMatch(v -> contains.test(context.output(), JsValues.string(v)));
        boolean pass = found != inverse;
        return AssertionOutcome.verdict(assertion.type(), pass, pass ? "Assertion passed"
                : "Expected output to " + not(inverse) + "contain one of \"" + JsValues.join(values, ", ") + "\"");
    }

    private static AssertionOutcome all(String name, BiPredicate<String, String> contains, Assertion assertion,
            boolean inverse, AssertionContext context) {
        List<?> values = values(name, assertion.value());
        List<?> missing = values.stream().filter(v -> !contains.test(context.output(), JsValues.string(v))).toList();
        boolean pass = missing.isEmpty() != inverse;
        return AssertionOutcome.verdict(assertion.type(), pass, pass ? "Assertion passed"
                : "Expected output to " + not(inverse) + "contain all of [" + JsValues.join(values, ", ")
                        + "]. Missing: [" + JsValues.join(missing, ", ") + "]");
    }

    /** A list as it is, a string split at its commas (contains.ts: parseCommaSeparatedValues). */
    private static List<?> values(String name, Object value) {
        InvalidAssertionException.require(JsValues.truthy(value), "\"" + name + "\" assertion type must have a value");
        Object list = value instanceof String s ? CommaSeparatedValues.parse(s) : value;
        InvalidAssertionException.require(list instanceof List<?>,
                "\"" + name + "\" assertion type must have an array value");
        return (List<?>) list;
    }

    static String not(boolean inverse) {
        return inverse ? "not " : "";
    }
}
