package dev.promptcards.runner.assertion;

import dev.promptcards.card.schema.Assertion;

/**
 * {@code levenshtein} (promptfoo src/assertions/levenshtein.ts): the edit distance between the output and
 * the value, in UTF-16 code units as fastest-levenshtein counts, is at most the threshold; a threshold that
 * is absent or 0 means 5 (promptfoo's {@code threshold || 5}).
 */
final class LevenshteinCheck {

    static final double DEFAULT_MAX_DISTANCE = 5;

    private LevenshteinCheck() {
    }

    static AssertionOutcome check(Assertion assertion, boolean inverse, AssertionContext context) {
        InvalidAssertionException.require(assertion.value() instanceof String,
                "\"levenshtein\" assertion type must have a string value");
        Double threshold = assertion.threshold();
        double max = threshold == null || threshold == 0 || threshold.isNaN() ? DEFAULT_MAX_DISTANCE : threshold;
        int distance = distance(context.output(), (String) assertion.value());
        boolean pass = (distance <= max) != inverse;
        String reason;
        if (pass) {
            reason = "Assertion passed";
        } else if (inverse) {
            reason = "Levenshtein distance " + distance + " is less than or equal to threshold " + JsValues.number(max);
        } else {
            reason = "Levenshtein distance " + distance + " is greater than threshold " + JsValues.number(max);
        }
        return AssertionOutcome.verdict(assertion.type(), pass, reason);
    }

    /** The Levenshtein distance (insert, delete, substitute; each costs 1). */
    static int distance(String a, String b) {
        if (a.length() < b.length()) {
            return distance(b, a);
        }
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            char ca = a.charAt(i - 1);
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (ca == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
