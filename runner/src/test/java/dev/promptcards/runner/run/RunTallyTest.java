package dev.promptcards.runner.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.promptcards.card.schema.RunStatus;
import dev.promptcards.card.schema.RunSummary;
import dev.promptcards.card.schema.TestResult;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunTallyTest {

    private static TestResult result(String status, Long latency, Long in, Long out, Double cost) {
        return new TestResult(status, "", "", null, null, List.of(), latency, in, out, cost);
    }

    @Test
    void the_summary_counts_sums_and_takes_the_lower_median_latency() {
        RunSummary summary = RunTally.summary(List.of(
                result("passed", 30L, 10L, 5L, 0.001),
                result("failed", 10L, 20L, 7L, 0.002),
                result("error", null, null, null, null),
                result("passed", 20L, 5L, 1L, 0.0),
                result("passed", 40L, 1L, 1L, 0.0)));

        assertEquals(new RunSummary(3, 1, 1, 36, 14, 0.003, 20L), summary);
        assertEquals(RunStatus.FAILED, RunTally.status(summary));
    }

    @Test
    void an_unknown_price_makes_the_run_cost_unknown_not_zero() {
        RunSummary summary = RunTally.summary(List.of(result("passed", 5L, 10L, 5L, null),
                result("passed", 7L, 10L, 5L, 0.5)));

        assertEquals(null, summary.costUsd());
        assertEquals(5L, summary.latencyMsP50());
        assertEquals(RunStatus.PASSED, RunTally.status(summary));
    }

    @Test
    void a_run_whose_tests_could_not_run_is_an_error_and_one_without_tests_has_no_latency() {
        RunSummary errors = RunTally.summary(List.of(result("error", null, null, null, null)));
        RunSummary none = RunTally.summary(List.of());

        assertEquals(RunStatus.ERROR, RunTally.status(errors));
        assertEquals(new RunSummary(0, 0, 0, 0, 0, 0.0, null), none);
        assertEquals(RunStatus.PASSED, RunTally.status(none));
    }
}
