package dev.promptcards.card.schema;

import java.util.List;
import java.util.Map;

/**
 * A test case of a card, read from its {@code Y.Map} in {@code tests} or to be written as a new one
 * ({@link TestCases}). Read, a child that is absent (a map written incompletely by another client) is
 * null, as in the web client's {@code testFields}.
 *
 * @param id         stable across edits; "" when the stored one is not a string
 * @param name       the content of the {@code name} Y.Text
 * @param vars       each variable's value (the content of its Y.Text), in the map's order
 * @param expected   the content of the {@code expected} Y.Text
 * @param assertions the {@code assert} array's assertion maps (other elements skipped)
 * @param threshold  the weighted score the test needs to pass; null when absent or not a number
 */
public record TestCase(String id, String name, Map<String, String> vars, String expected, List<Assertion> assertions,
        Double threshold) {
}
