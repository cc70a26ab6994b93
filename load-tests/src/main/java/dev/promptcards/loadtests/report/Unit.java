package dev.promptcards.loadtests.report;

import java.util.Locale;

/** What a figure counts, its name in the JSON report and how the table prints it. */
public enum Unit {
    MILLIS("ms"),
    MICROS("us"),
    BYTES("bytes"),
    COUNT("count"),
    PER_SECOND("per second"),
    CORES("cores"),
    /** One figure over another of the same side (e.g. cross-node over same-node latency). */
    RATIO("ratio");

    /** The unit's name in the JSON report. */
    public final String json;

    Unit(String json) {
        this.json = json;
    }

    /**
     * A figure for the table: milliseconds and microseconds with 3 to 4 significant digits, bytes as
     * MB (or KB below 100 KB), counts whole, rates whole, cores and ratios with two decimals; "-" when there is
     * no figure (NaN).
     */
    public String format(double value) {
        if (Double.isNaN(value)) {
            return "-";
        }
        return switch (this) {
            case MILLIS -> f(value >= 100 ? "%,.0f ms" : value >= 10 ? "%.1f ms" : "%.2f ms", value);
            case MICROS -> f(value >= 100 ? "%,.0f us" : value >= 10 ? "%.1f us" : "%.2f us", value);
            case BYTES -> Math.abs(value) >= 100_000 ? f("%.2f MB", value / 1_000_000) : f("%.2f KB", value / 1_000);
            case COUNT -> f("%,.0f", value);
            case PER_SECOND -> f("%,.0f /s", value);
            case CORES -> f("%.2f", value);
            case RATIO -> f("%.2fx", value);
        };
    }

    private static String f(String pattern, double value) {
        return String.format(Locale.ROOT, pattern, value);
    }
}
