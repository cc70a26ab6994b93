package dev.promptcards.runner.run;

import dev.promptcards.card.schema.Assertion;
import dev.promptcards.runner.prompt.RenderedPrompt;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One test of a run as it was pinned when the run was queued: the prompt rendered from the card revision
 * run, the test's values and assertions as they were then. Editing the card later changes none of this.
 *
 * @param resultKey  where its result goes in the run's {@code results}: the test case id, or
 *                   {@code <id>#<k>} for repetition k when the run repeats its tests
 * @param testId     the test case's id
 * @param name       the test case's name then
 * @param prompt     the rendered prompt; null when it could not be rendered
 * @param error      why the prompt could not be rendered (a variable the test lacks); null when it could
 * @param vars       the test's values
 * @param assertions the test's assertions
 * @param threshold  the test's threshold; null when it has none
 */
public record PlannedTest(String resultKey, String testId, String name, RenderedPrompt prompt, String error,
        Map<String, String> vars, List<Assertion> assertions, Double threshold) {

    /** Checks that the test either has a prompt or says why not. */
    public PlannedTest {
        Objects.requireNonNull(resultKey, "resultKey");
        Objects.requireNonNull(testId, "testId");
        if ((prompt == null) == (error == null)) {
            throw new IllegalArgumentException("a planned test has either a prompt or an error");
        }
        vars = Map.copyOf(vars);
        assertions = List.copyOf(assertions);
    }
}
