package dev.promptcards.runner.assertion;

import dev.promptcards.card.schema.Assertion;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code regex} (promptfoo src/assertions/regex.ts): the pattern, without flags, is found anywhere in the
 * output ({@code RegExp#test}). The pattern is read as JS reads it ({@link JsRegex}); one that does not
 * compile is an error.
 */
final class RegexCheck {

    private RegexCheck() {
    }

    static AssertionOutcome check(Assertion assertion, boolean inverse, AssertionContext context) {
        Object value = assertion.value();
        InvalidAssertionException.require(value instanceof String s && !s.isEmpty(),
                "\"regex\" assertion type must have a string value");
        Pattern pattern;
        try {
            pattern = JsRegex.compile((String) value);
        } catch (PatternSyntaxException e) {
            throw new InvalidAssertionException("Invalid regex pattern: " + e.getDescription());
        }
        boolean pass = pattern.matcher(context.output()).find() != inverse;
        return AssertionOutcome.verdict(assertion.type(), pass, pass ? "Assertion passed"
                : "Expected output to " + ContainsChecks.not(inverse) + "match regex \"" + value + "\"");
    }
}
