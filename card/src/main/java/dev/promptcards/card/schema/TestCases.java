package dev.promptcards.card.schema;

import dev.promptcards.crdt.YArray;
import dev.promptcards.crdt.YMap;
import dev.promptcards.crdt.YText;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Writes and reads the test cases of a card: {@code Y.Map}s in the top-level {@code tests} array (web
 * client: {@code addTestCase}, {@code testFields} and {@code addAssertion} in {@code src/card/schema.ts}).
 * A test case is created whole, with its children, in one transaction, so that no replica ever creates
 * a child of its own. Every method joins the caller's transaction if there is one.
 */
public final class TestCases {

    private TestCases() {}

    /**
     * Appends a test case, created whole in one transaction: id, name, a {@code Y.Text} per variable,
     * expected output, the assertion list, and the threshold when given. A null or blank id gets a new
     * UUID, null texts and collections are created empty.
     *
     * @return the new test case's map, part of the document
     */
    public static YMap add(CardDocument card, TestCase test) {
        YMap map = new YMap();
        String id = test.id() == null || test.id().isBlank() ? UUID.randomUUID().toString() : test.id();
        card.doc().transact(tr -> {
            map.set(CardFields.Test.ID, id);
            map.set(CardFields.Test.NAME, new YText(orEmpty(test.name())));
            YMap vars = new YMap();
            if (test.vars() != null) {
                test.vars().forEach((variable, value) -> vars.set(variable, new YText(orEmpty(value))));
            }
            map.set(CardFields.Test.VARS, vars);
            map.set(CardFields.Test.EXPECTED, new YText(orEmpty(test.expected())));
            YArray assertions = new YArray();
            if (test.assertions() != null) {
                assertions.push(test.assertions().stream().map(Assertion::toPrelim).toList());
            }
            map.set(CardFields.Test.ASSERT, assertions);
            if (test.threshold() != null) {
                map.set(CardFields.Test.THRESHOLD, test.threshold());
            }
            card.tests().push(List.of(map));
        });
        return map;
    }

    /**
     * Appends an assertion, created whole, to a test case.
     *
     * @return false when the test case has no assertion list
     */
    public static boolean addAssertion(CardDocument card, YMap test, Assertion assertion) {
        if (!(test.get(CardFields.Test.ASSERT) instanceof YArray list)) {
            return false;
        }
        card.doc().transact(tr -> list.push(List.of(assertion.toPrelim())));
        return true;
    }

    /** Reads a test case map, tolerating one written incompletely (absent children are null). */
    public static TestCase read(YMap test) {
        String id = Values.string(test.get(CardFields.Test.ID));
        Map<String, String> vars = null;
        if (test.get(CardFields.Test.VARS) instanceof YMap map) {
            vars = new LinkedHashMap<>();
            for (Map.Entry<String, Object> entry : map.entries().entrySet()) {
                if (entry.getValue() instanceof YText text) {
                    vars.put(entry.getKey(), text.toString());
                }
            }
            vars = Collections.unmodifiableMap(vars);
        }
        List<Assertion> assertions = null;
        if (test.get(CardFields.Test.ASSERT) instanceof YArray list) {
            List<Assertion> read = new ArrayList<>();
            for (Object element : list.toArray()) {
                if (element instanceof YMap assertion) {
                    read.add(Assertion.read(assertion));
                }
            }
            assertions = List.copyOf(read);
        }
        return new TestCase(id == null ? "" : id,
                Values.yText(test.get(CardFields.Test.NAME)),
                vars,
                Values.yText(test.get(CardFields.Test.EXPECTED)),
                assertions,
                Values.number(test.get(CardFields.Test.THRESHOLD)));
    }

    /** Reads every test case of the card, in order (elements that are not maps skipped). */
    public static List<TestCase> readAll(CardDocument card) {
        List<TestCase> tests = new ArrayList<>();
        for (Object element : card.tests().toArray()) {
            if (element instanceof YMap test) {
                tests.add(read(test));
            }
        }
        return List.copyOf(tests);
    }

    /** The map of the test case with this id, if the card has one. */
    public static Optional<YMap> find(CardDocument card, String id) {
        for (Object element : card.tests().toArray()) {
            if (element instanceof YMap test && id.equals(test.get(CardFields.Test.ID))) {
                return Optional.of(test);
            }
        }
        return Optional.empty();
    }

    private static String orEmpty(String text) {
        return text == null ? "" : text;
    }
}
