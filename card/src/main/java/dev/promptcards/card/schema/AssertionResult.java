package dev.promptcards.card.schema;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How one assertion of a test came out: a plain object in the result's {@code assertions} array.
 *
 * @param type   the assertion's type
 * @param pass   whether it passed
 * @param score  its score; null when it has none
 * @param reason why it passed or failed; null when there is nothing to say
 */
public record AssertionResult(String type, boolean pass, Double score, String reason) {

    /** Validates that the type is given. */
    public AssertionResult {
        Objects.requireNonNull(type, "type");
    }

    /** Reads an element (the document's, or the database's JSON) as the runs panel does: pass only when it is {@code true}. */
    public static AssertionResult read(Map<?, ?> element) {
        Object reason = element.get(CardFields.AssertionResult.REASON);
        return new AssertionResult(
                Values.text(element.get(CardFields.AssertionResult.TYPE)),
                Boolean.TRUE.equals(element.get(CardFields.AssertionResult.PASS)),
                Values.optionalNumber(element.get(CardFields.AssertionResult.SCORE)),
                reason == null ? null : Values.text(reason));
    }

    /** The plain object to store (null fields left out). */
    public Map<String, Object> toPlain() {
        Map<String, Object> plain = new LinkedHashMap<>();
        plain.put(CardFields.AssertionResult.TYPE, type);
        plain.put(CardFields.AssertionResult.PASS, pass);
        Values.putIfPresent(plain, CardFields.AssertionResult.SCORE, score);
        Values.putIfPresent(plain, CardFields.AssertionResult.REASON, reason);
        return plain;
    }
}
