package dev.promptcards.runner.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.promptcards.card.schema.Assertion;
import dev.promptcards.card.schema.CardContent;
import dev.promptcards.card.schema.ModelSettings;
import dev.promptcards.card.schema.TestCase;
import dev.promptcards.runner.prompt.RenderedPrompt;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunPlannerTest {

    private static final TestCase ADA = new TestCase("t1", "Ada", Map.of("name", "Ada"), "",
            List.of(Assertion.contains("Ada")), null);
    private static final TestCase NONAME = new TestCase("t2", "no name", Map.of(), "", List.of(), 0.5);

    private static CardContent card(ModelSettings model, TestCase... tests) {
        return new CardContent("t", "", "Be {{tone}}.", "Hello {{name}}", model, List.of(tests));
    }

    @Test
    void every_test_is_rendered_with_its_values_and_the_card_model_is_the_default() {
        CardContent card = new CardContent("t", "", "Be kind.", "Hello {{ name }}",
                new ModelSettings("openai", "gpt-4o-mini", 0.2, 100L), List.of(ADA));

        RunPlan plan = RunPlanner.plan(card, RunRequest.DEFAULTS);

        assertEquals(new ModelSettings("openai", "gpt-4o-mini", 0.2, 100L), plan.model());
        assertEquals(1, plan.tests().size());
        PlannedTest test = plan.tests().getFirst();
        assertEquals("t1", test.resultKey());
        assertEquals(new RenderedPrompt("Be kind.", "Hello Ada"), test.prompt());
        assertNull(test.error());
        assertEquals(List.of(Assertion.contains("Ada")), test.assertions());
    }

    @Test
    void a_test_missing_a_variable_is_planned_as_an_error_naming_it() {
        RunPlan plan = RunPlanner.plan(card(new ModelSettings("echo", null, null, null), ADA, NONAME),
                RunRequest.DEFAULTS);

        assertEquals("echo", plan.model().model());
        PlannedTest noName = plan.tests().get(1);
        assertNull(noName.prompt());
        assertEquals("missing variables {{name}}, {{tone}}: the test case gives no value", noName.error());
        assertEquals(0.5, noName.threshold());
    }

    @Test
    void the_request_overrides_the_provider_and_model_and_picks_tests_and_repeats() {
        RunPlan plan = RunPlanner.plan(card(new ModelSettings("openai", "gpt-4o", null, null), ADA, NONAME),
                new RunRequest("echo", "echo-2", List.of("t1"), 3));

        assertEquals("echo", plan.model().provider());
        assertEquals("echo-2", plan.model().model());
        assertEquals(List.of("t1#1", "t1#2", "t1#3"), plan.tests().stream().map(PlannedTest::resultKey).toList());
    }

    @Test
    void a_request_that_cannot_run_is_refused_with_what_to_change() {
        ModelSettings none = new ModelSettings(null, null, null, null);
        ModelSettings noModel = new ModelSettings("openai", " ", null, null);
        ModelSettings echo = new ModelSettings("echo", null, null, null);

        assertEquals("the card names no provider: set the card's provider (openai, anthropic, ollama or echo) or"
                + " give \"provider\" in the request",
                assertThrows(InvalidRunRequestException.class,
                        () -> RunPlanner.plan(card(none, ADA), RunRequest.DEFAULTS)).getMessage());
        assertEquals("the card names no model for provider openai: set the card's model or give \"model\" in the"
                + " request", assertThrows(InvalidRunRequestException.class,
                        () -> RunPlanner.plan(card(noModel, ADA), RunRequest.DEFAULTS)).getMessage());
        assertEquals("the card has no test case with id \"t9\"", assertThrows(InvalidRunRequestException.class,
                () -> RunPlanner.plan(card(echo, ADA), new RunRequest(null, null, List.of("t9"), null)))
                .getMessage());
        assertEquals("repeat must be between 1 and 100, not 0", assertThrows(InvalidRunRequestException.class,
                () -> RunPlanner.plan(card(echo, ADA), new RunRequest(null, null, null, 0))).getMessage());
        assertEquals("the card has no test cases: add one before running it",
                assertThrows(InvalidRunRequestException.class,
                        () -> RunPlanner.plan(card(echo), RunRequest.DEFAULTS)).getMessage());
    }
}
