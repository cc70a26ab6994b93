package dev.promptcards.loadtests.crdt;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One scenario's figures over the measured rounds, ours and Yjs's, and what the report shows of
 * them: the medians, their ratio, and the spread of each side.
 *
 * @param scenario the scenario
 * @param ours our figure in each measured round
 * @param reference Yjs's figure in each measured round
 */
record ScenarioResult(Scenario scenario, List<Double> ours, List<Double> reference) {

  /** A side whose figures spread more than this (max - min over the median) is flagged noisy. */
  static final double NOISY_SPREAD = 0.20;

  ScenarioResult {
    ours = List.copyOf(ours);
    reference = List.copyOf(reference);
  }

  double oursMedian() {
    return median(ours);
  }

  double referenceMedian() {
    return median(reference);
  }

  /** Ours over Yjs's: below 1 we are faster or smaller. */
  double ratio() {
    return oursMedian() / referenceMedian();
  }

  double oursSpread() {
    return spread(ours);
  }

  double referenceSpread() {
    return spread(reference);
  }

  /** True when either side's rounds spread more than {@link #NOISY_SPREAD}. */
  boolean noisy() {
    return oursSpread() > NOISY_SPREAD || referenceSpread() > NOISY_SPREAD;
  }

  static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  /** (max - min) / median; 0 for a single round. */
  static double spread(List<Double> values) {
    double median = median(values);
    return median == 0 ? 0 : (Collections.max(values) - Collections.min(values)) / Math.abs(median);
  }
}
