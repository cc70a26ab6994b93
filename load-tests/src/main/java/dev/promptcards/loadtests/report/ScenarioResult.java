package dev.promptcards.loadtests.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One figure over the measured rounds, ours and the reference's, and what a report shows of them:
 * the medians, their ratio, and the spread of each side. A side without the figure (the reference
 * runs no PostgreSQL, a scenario that failed) has no rounds; its median is then NaN ("-").
 *
 * @param metric what the figure is
 * @param ours our figure in each measured round
 * @param reference the reference's figure in each measured round
 */
public record ScenarioResult(Metric metric, List<Double> ours, List<Double> reference) {

    /** A side whose figures spread more than this (max - min over the median) is flagged noisy. */
    public static final double NOISY_SPREAD = 0.20;

    public ScenarioResult {
        ours = List.copyOf(ours);
        reference = List.copyOf(reference);
    }

    /** A figure measured once on each side; NaN stands for no figure. */
    public static ScenarioResult once(Metric metric, double ours, double reference) {
        return new ScenarioResult(metric, Double.isNaN(ours) ? List.of() : List.of(ours),
                Double.isNaN(reference) ? List.of() : List.of(reference));
    }

    public double oursMedian() {
        return median(ours);
    }

    public double referenceMedian() {
        return median(reference);
    }

    /**
     * Ours over the reference's: below 1 we are faster or smaller (above 1 better for a
     * {@link Metric#higherIsBetter()} figure); NaN when either is missing, the reference's is 0, or
     * the figure is not {@link Metric#compared()}.
     */
    public double ratio() {
        if (!metric.compared()) {
            return Double.NaN;
        }
        double reference = referenceMedian();
        double ratio = oursMedian() / reference;
        return reference == 0 || Double.isInfinite(ratio) ? Double.NaN : ratio;
    }

    public double oursSpread() {
        return spread(ours);
    }

    public double referenceSpread() {
        return spread(reference);
    }

    /** True when either side's rounds spread more than {@link #NOISY_SPREAD}. */
    public boolean noisy() {
        return oursSpread() > NOISY_SPREAD || referenceSpread() > NOISY_SPREAD;
    }

    /** The median, NaN for no values. */
    public static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** (max - min) / median; 0 for a single round or none. */
    public static double spread(List<Double> values) {
        if (values.size() < 2) {
            return 0;
        }
        double median = median(values);
        return median == 0 ? 0 : (Collections.max(values) - Collections.min(values)) / Math.abs(median);
    }
}
