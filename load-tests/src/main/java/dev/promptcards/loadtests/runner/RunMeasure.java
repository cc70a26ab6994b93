package dev.promptcards.loadtests.runner;

import dev.promptcards.loadtests.report.Check;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What one run of the card measured on one side: its figures in table order (NaN: none) and its checks. */
final class RunMeasure {

    final Map<RunFigure, Double> figures = new LinkedHashMap<>();
    final List<Check> checks = new ArrayList<>();

    RunMeasure put(RunFigure figure, double value) {
        figures.put(figure, value);
        return this;
    }

    double get(RunFigure figure) {
        return figures.getOrDefault(figure, Double.NaN);
    }

    /**
     * The figures every side has, from what was measured: wall and CPU seconds over {@code tests}
     * tests, the outcome counts.
     */
    static RunMeasure of(int tests, double wallSeconds, double cpuSeconds, double cpuWithoutDatabaseSeconds,
            double peakRssBytes, Outcomes outcomes) {
        RunMeasure m = new RunMeasure();
        m.put(RunFigure.WALL, wallSeconds * 1000);
        m.put(RunFigure.TESTS_PER_SECOND, tests / wallSeconds);
        m.put(RunFigure.CPU, cpuSeconds * 1000);
        m.put(RunFigure.CPU_PER_TEST, cpuSeconds * 1000 / tests);
        m.put(RunFigure.CPU_WITHOUT_DATABASE, cpuWithoutDatabaseSeconds * 1000);
        m.put(RunFigure.PEAK_RSS, peakRssBytes);
        m.put(RunFigure.PASSED, outcomes.passed());
        m.put(RunFigure.FAILED, outcomes.failed());
        m.put(RunFigure.ERRORS, outcomes.errors());
        m.put(RunFigure.TOKENS_IN, outcomes.tokensIn());
        m.put(RunFigure.TOKENS_OUT, outcomes.tokensOut());
        return m;
    }

    /**
     * What a side reported of the run.
     *
     * @param passed tests that passed
     * @param failed tests that failed their assertions
     * @param errors tests in error (the provider call or the run failed)
     * @param tokensIn prompt tokens, from the provider's usage
     * @param tokensOut completion tokens, from the provider's usage
     */
    record Outcomes(long passed, long failed, long errors, long tokensIn, long tokensOut) {}
}
