package dev.promptcards.loadtests.server;

import dev.promptcards.loadtests.report.Metric;
import dev.promptcards.loadtests.report.Unit;

/**
 * One figure of a server scenario: a row of the table, a key in the JSON report.
 *
 * @param key the key within its scenario's section
 * @param label the row's name
 * @param unit what it counts
 * @param higherIsBetter true for throughputs
 * @param compared false for a figure shown for information only (no ratio)
 */
record Figure(String key, String label, Unit unit, boolean higherIsBetter, boolean compared) implements Metric {

    static Figure lower(String key, String label, Unit unit) {
        return new Figure(key, label, unit, false, true);
    }

    static Figure higher(String key, String label, Unit unit) {
        return new Figure(key, label, unit, true, true);
    }

    /** A figure shown for information only, without a ratio. */
    static Figure info(String key, String label, Unit unit) {
        return new Figure(key, label, unit, false, false);
    }
}
