package dev.promptcards.loadtests.runner;

import dev.promptcards.loadtests.report.Check;
import dev.promptcards.loadtests.report.Machine;
import dev.promptcards.loadtests.report.ScenarioResult;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The outcome of a run of the runner benchmark: where and how it ran, the figures of each pass over
 * the card for both sides, and the checks. {@link RunnerReportTable} and {@link RunnerReportJson}
 * render it.
 *
 * @param date when the run started
 * @param elapsedSeconds how long it took, starts and installs included
 * @param machine the machine and the bench's JVM
 * @param promptcardsVersion our version
 * @param versions what each side ran: "ours" and "promptfoo" to a description
 * @param settings the settings, as the JSON writes them
 * @param sections the first and the second pass over the card
 * @param checks what must hold: every test ran with the card's outcome on both sides, the same tokens
 */
record RunnerReport(
        Instant date,
        double elapsedSeconds,
        Machine machine,
        String promptcardsVersion,
        Map<String, String> versions,
        Map<String, Object> settings,
        List<Section> sections,
        List<Check> checks) {

    /** Issue 13's goal: our CPU per test at most a third of promptfoo's. */
    static final double GOAL_CPU_PER_TEST_RATIO = 1.0 / 3;

    /**
     * One pass over the card on each side.
     *
     * @param key its key in the JSON report
     * @param title what ran
     * @param results its figures, ours and promptfoo's
     */
    record Section(String key, String title, List<ScenarioResult> results) {

        /** Ours / promptfoo's CPU per test (medians); NaN when a side is missing. */
        double cpuPerTestRatio() {
            return results.stream().filter(r -> r.metric() == RunFigure.CPU_PER_TEST).findFirst()
                    .map(ScenarioResult::ratio).orElse(Double.NaN);
        }

        /** Whether the goal held in this pass: false when it did not or could not be measured. */
        boolean goalMet() {
            return cpuPerTestRatio() <= GOAL_CPU_PER_TEST_RATIO;
        }
    }

    RunnerReport {
        sections = List.copyOf(sections);
        checks = List.copyOf(checks);
    }

    boolean passed() {
        return Check.allPassed(checks);
    }
}
