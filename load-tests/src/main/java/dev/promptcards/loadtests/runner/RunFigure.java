package dev.promptcards.loadtests.runner;

import dev.promptcards.loadtests.report.Metric;
import dev.promptcards.loadtests.report.Unit;

/**
 * One figure of a run of the card: a row of the table, a key in the JSON report.
 *
 * @param key the key in the JSON report
 * @param label the row's name
 * @param unit what it counts
 * @param higherIsBetter true for throughputs
 * @param compared false for a figure shown for information only (no ratio)
 */
record RunFigure(String key, String label, Unit unit, boolean higherIsBetter, boolean compared) implements Metric {

    static final RunFigure WALL = lower("wall", "wall time", Unit.MILLIS);
    static final RunFigure TESTS_PER_SECOND = new RunFigure("testsPerSecond", "tests per second", Unit.PER_SECOND,
            true, true);
    static final RunFigure CPU = lower("cpu", "CPU time, incl. database", Unit.MILLIS);
    static final RunFigure CPU_PER_TEST = lower("cpuPerTest", "CPU per test, incl. database", Unit.MILLIS);
    static final RunFigure CPU_WITHOUT_DATABASE = lower("cpuWithoutDatabase", "CPU time, without database", Unit.MILLIS);
    static final RunFigure PEAK_RSS = lower("peakRss", "peak resident memory", Unit.BYTES);
    static final RunFigure DATABASE_MEMORY = info("databaseMemory", "database memory (Pss), at the end", Unit.BYTES);
    static final RunFigure PASSED = info("passed", "tests passed", Unit.COUNT);
    static final RunFigure FAILED = info("failed", "tests failed", Unit.COUNT);
    static final RunFigure ERRORS = info("errors", "tests in error", Unit.COUNT);
    static final RunFigure TOKENS_IN = info("tokensIn", "tokens in (stub's usage)", Unit.COUNT);
    static final RunFigure TOKENS_OUT = info("tokensOut", "tokens out (stub's usage)", Unit.COUNT);
    static final RunFigure REQUESTS = info("stubRequests", "requests the stub received", Unit.COUNT);

    private static RunFigure lower(String key, String label, Unit unit) {
        return new RunFigure(key, label, unit, false, true);
    }

    private static RunFigure info(String key, String label, Unit unit) {
        return new RunFigure(key, label, unit, false, false);
    }
}
