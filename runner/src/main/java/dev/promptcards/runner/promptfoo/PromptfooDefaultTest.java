package dev.promptcards.runner.promptfoo;

import dev.promptcards.card.schema.Assertion;
import dev.promptcards.card.schema.TestCase;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * promptfoo's {@code defaultTest}, merged as its evaluator merges it (src/evaluator.ts): the default's
 * vars under the test's own ({@code {...defaultTest.vars, ...test.vars}}), the default's assertions
 * before the test's, and the test's threshold, else the default's. On export, what every test has in
 * common, in the same place, becomes the default again.
 */
final class PromptfooDefaultTest {

    /**
     * What tests share.
     *
     * @param vars       variables with the same value in every test
     * @param assertions the assertions every test starts with
     * @param threshold  the threshold of every test; null when they differ
     */
    record Shared(Map<String, String> vars, List<Assertion> assertions, Double threshold) {

        boolean isEmpty() {
            return vars.isEmpty() && assertions.isEmpty() && threshold == null;
        }
    }

    private PromptfooDefaultTest() {
    }

    /** A test with the default merged in as promptfoo merges it. */
    static TestCase merge(Shared shared, TestCase test) {
        Map<String, String> vars = new LinkedHashMap<>(shared.vars());
        vars.putAll(test.vars());
        List<Assertion> assertions = new ArrayList<>(shared.assertions());
        assertions.addAll(test.assertions());
        Double threshold = test.threshold() != null ? test.threshold() : shared.threshold();
        return new TestCase(test.id(), test.name(), vars, test.expected(), assertions, threshold);
    }

    /** What two or more tests share; empty for fewer (a default of one test says nothing). */
    static Shared shared(List<TestCase> tests) {
        if (tests.size() < 2) {
            return new Shared(Map.of(), List.of(), null);
        }
        TestCase first = tests.getFirst();
        Map<String, String> vars = new LinkedHashMap<>(vars(first));
        int prefix = assertions(first).size();
        Double threshold = first.threshold();
        for (TestCase test : tests) {
            vars.entrySet().removeIf(e -> !e.getValue().equals(vars(test).get(e.getKey())));
            prefix = Math.min(prefix, commonPrefix(assertions(first), assertions(test)));
            if (!Objects.equals(threshold, test.threshold())) {
                threshold = null;
            }
        }
        return new Shared(vars, List.copyOf(assertions(first).subList(0, prefix)), threshold);
    }

    /** A test without what it shares with the others. */
    static TestCase without(Shared shared, TestCase test) {
        Map<String, String> vars = new LinkedHashMap<>(vars(test));
        shared.vars().keySet().forEach(vars::remove);
        List<Assertion> assertions = assertions(test).subList(shared.assertions().size(), assertions(test).size());
        Double threshold = shared.threshold() != null ? null : test.threshold();
        return new TestCase(test.id(), test.name(), vars, test.expected(), assertions, threshold);
    }

    private static int commonPrefix(List<Assertion> a, List<Assertion> b) {
        int n = 0;
        while (n < a.size() && n < b.size() && a.get(n).equals(b.get(n))) {
            n++;
        }
        return n;
    }

    private static Map<String, String> vars(TestCase test) {
        return test.vars() == null ? Map.of() : test.vars();
    }

    private static List<Assertion> assertions(TestCase test) {
        return test.assertions() == null ? List.of() : test.assertions();
    }
}
