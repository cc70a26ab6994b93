package dev.promptcards.runner.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.promptcards.card.schema.Assertion;
import dev.promptcards.card.schema.ModelSettings;
import dev.promptcards.runner.prompt.RenderedPrompt;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunPlanJsonTest {

    @Test
    void a_plan_reads_back_as_written_values_of_every_kind_included() {
        RunPlan plan = new RunPlan(new ModelSettings("openai", "gpt-4o-mini", 0.7, 512L), List.of(
                new PlannedTest("t1", "t1", "first", new RenderedPrompt("", "Hi Ada"), null, Map.of("name", "Ada"),
                        List.of(new Assertion("contains-any", List.of("Hi", "Hello"), null, 2.0),
                                new Assertion("word-count", Map.of("min", 1, "max", 9), 0.5, null),
                                new Assertion("is-json", null, null, null)),
                        0.75),
                new PlannedTest("t2#2", "t2", "", null, "missing variable {{x}}: the test case gives no value",
                        Map.of(), List.of(), null)));

        assertEquals(plan, RunPlanJson.read(RunPlanJson.write(plan)));
    }

    @Test
    void a_plan_without_temperature_or_most_tokens_keeps_them_absent() {
        RunPlan plan = new RunPlan(new ModelSettings("echo", "echo", null, null), List.of());

        assertEquals(plan, RunPlanJson.read(RunPlanJson.write(plan)));
    }
}
