package dev.promptcards.card.schema;

import dev.promptcards.crdt.YMap;
import dev.promptcards.crdt.lib0.JsJson;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An assertion of a test case, in promptfoo's vocabulary: a {@code Y.Map} of plain values in the case's
 * {@code assert} array (web client: {@code assertionFields} in {@code src/card/schema.ts}).
 *
 * @param type      promptfoo's assertion type ({@code contains}, {@code not-contains}, ...); "" when the
 *                  stored one is not a string
 * @param value     as stored: a String, a number ({@code Long} or {@code Double}), a Boolean, a
 *                  {@code List} or a {@code Map} (the JS value model of {@code crdt}); null when absent
 * @param threshold null when absent or not a number
 * @param weight    null when absent or not a number
 */
public record Assertion(String type, Object value, Double threshold, Double weight) {

    /** The fields of a new assertion as the editor creates it (web client: {@code newAssertion}). */
    public static Assertion contains(String value) {
        return new Assertion("contains", value, null, 1.0);
    }

    /** The value as the editor shows it: a string as it is, anything else as JSON; null when absent. */
    public String valueText() {
        return value == null || value instanceof String ? (String) value : JsJson.stringify(value);
    }

    /** Reads an assertion map, tolerating one written incompletely. */
    public static Assertion read(YMap assertion) {
        String type = Values.string(assertion.get(CardFields.Assertion.TYPE));
        return new Assertion(type == null ? "" : type,
                assertion.get(CardFields.Assertion.VALUE),
                Values.number(assertion.get(CardFields.Assertion.THRESHOLD)),
                Values.number(assertion.get(CardFields.Assertion.WEIGHT)));
    }

    /** A new, preliminary assertion map holding these fields (null ones left out), to insert whole. */
    YMap toPrelim() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put(CardFields.Assertion.TYPE, type);
        Values.putIfPresent(fields, CardFields.Assertion.VALUE, value);
        Values.putIfPresent(fields, CardFields.Assertion.THRESHOLD, threshold);
        Values.putIfPresent(fields, CardFields.Assertion.WEIGHT, weight);
        return new YMap(fields);
    }
}
