package dev.promptcards.loadtests.report;

/** A figure a benchmark reports for us and for the reference: one row of its table. */
public interface Metric {

    /** The key in the JSON report. */
    String key();

    /** The row's name in the table. */
    String label();

    /** What the figure counts. */
    Unit unit();

    /** True for throughputs (a ratio above 1 is ours being better); false for times and sizes. */
    default boolean higherIsBetter() {
        return false;
    }

    /**
     * False for a figure shown for information, whose ratio means nothing (the load generator's own
     * CPU): it gets no ratio.
     */
    default boolean compared() {
        return true;
    }
}
