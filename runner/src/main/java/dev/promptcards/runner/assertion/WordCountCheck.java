package dev.promptcards.runner.assertion;

import dev.promptcards.card.schema.Assertion;
import java.util.Map;

/**
 * {@code word-count} (promptfoo src/assertions/wordCount.ts): the output's words (runs of non-whitespace)
 * number exactly the value (a number, or a numeric string), or lie within an object value's {@code min}
 * and/or {@code max}, inclusive.
 */
final class WordCountCheck {

    private WordCountCheck() {
    }

    static AssertionOutcome check(Assertion assertion, boolean inverse, AssertionContext context) {
        Object value = assertion.value();
        InvalidAssertionException.require(value != null, "\"word-count\" assertion must have a value");
        int count = countWords(context.output());
        if (value instanceof Map<?, ?> range) {
            return range(assertion.type(), range, count, inverse);
        }
        double expected = value instanceof Number n ? n.doubleValue()
                : value instanceof String s ? JsValues.parseNumber(s) : Double.NaN;
        InvalidAssertionException.require(value instanceof Number || !Double.isNaN(expected),
                "\"word-count\" assertion value must be a number or an object with min/max properties");
        boolean pass = (count == expected) != inverse;
        String shown = JsValues.number(expected);
        String reason;
        if (pass) {
            reason = "Assertion passed";
        } else if (inverse) {
            reason = "Expected word count to not equal " + shown + ", but got " + count;
        } else {
            reason = "Word count " + count + " does not equal expected " + shown;
        }
        return AssertionOutcome.verdict(assertion.type(), pass, reason);
    }

    private static AssertionOutcome range(String type, Map<?, ?> range, int count, boolean inverse) {
        Double min = bound(range, "min");
        Double max = bound(range, "max");
        InvalidAssertionException.require(min != null || max != null,
                "\"word-count\" assertion object must have \"min\" and/or \"max\" properties");
        boolean inRange;
        String reason;
        if (min != null && max != null) {
            InvalidAssertionException.require(min <= max, "\"word-count\" assertion: min (" + JsValues.number(min)
                    + ") must be less than or equal to max (" + JsValues.number(max) + ")");
            inRange = count >= min && count <= max;
            reason = inverse
                    ? "Expected word count to not be between " + JsValues.number(min) + " and " + JsValues.number(max)
                            + ", but got " + count
                    : "Word count " + count + " is not between " + JsValues.number(min) + " and " + JsValues.number(max);
        } else if (min == null) {
            inRange = count <= max;
            reason = inverse
                    ? "Expected word count to be greater than " + JsValues.number(max) + ", but got " + count
                    : "Word count " + count + " is greater than maximum " + JsValues.number(max);
        } else {
            inRange = count >= min;
            reason = inverse
                    ? "Expected word count to be less than " + JsValues.number(min) + ", but got " + count
                    : "Word count " + count + " is less than minimum " + JsValues.number(min);
        }
        boolean pass = inRange != inverse;
        return AssertionOutcome.verdict(type, pass, pass ? "Assertion passed" : reason);
    }

    /** A bound: absent is null; present, it must be a number. */
    private static Double bound(Map<?, ?> range, String key) {
        Object bound = range.get(key);
        InvalidAssertionException.require(bound == null || bound instanceof Number,
                "\"word-count\" assertion: " + key + " must be a number");
        return bound == null ? null : ((Number) bound).doubleValue();
    }

    /** wordCount.ts countWords: the runs of non-whitespace (JS {@code \s}). */
    static int countWords(String text) {
        int words = 0;
        boolean inWord = false;
        for (int i = 0; i < text.length(); i++) {
            boolean space = JsValues.isWhitespace(text.charAt(i));
            if (!space && !inWord) {
                words++;
            }
            inWord = !space;
        }
        return words;
    }
}
