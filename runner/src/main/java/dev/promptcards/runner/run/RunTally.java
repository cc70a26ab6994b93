package dev.promptcards.runner.run;

import dev.promptcards.card.schema.RunStatus;
import dev.promptcards.card.schema.RunSummary;
import dev.promptcards.card.schema.TestResult;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** A run's figures and final status from its tests' results. */
final class RunTally {

    private RunTally() {
    }

    /**
     * Sums the results: counts by status, tokens, cost (null when any test that called the provider has no
     * known cost: an unknown model is not free) and the median latency (the lower middle for an even count).
     */
    static RunSummary summary(Collection<TestResult> results) {
        long passed = 0;
        long failed = 0;
        long errors = 0;
        long tokensIn = 0;
        long tokensOut = 0;
        double cost = 0;
        boolean costKnown = true;
        List<Long> latencies = new ArrayList<>();
        for (TestResult result : results) {
            switch (result.status()) {
                case "passed" -> passed++;
                case "failed" -> failed++;
                case "error" -> errors++;
                default -> {
                }
            }
            tokensIn += result.tokensIn() == null ? 0 : result.tokensIn();
            tokensOut += result.tokensOut() == null ? 0 : result.tokensOut();
            if (result.costUsd() != null) {
                cost += result.costUsd();
            } else if (result.tokensIn() != null) {
                costKnown = false;
            }
            if (result.latencyMs() != null) {
                latencies.add(result.latencyMs());
            }
        }
        latencies.sort(null);
        Long p50 = latencies.isEmpty() ? null : latencies.get((latencies.size() - 1) / 2);
        return new RunSummary(passed, failed, errors, tokensIn, tokensOut, costKnown ? cost : null, p50);
    }

    /** passed when every test passed; failed when one failed; error when none failed but one could not run. */
    static RunStatus status(RunSummary summary) {
        if (summary.failed() > 0) {
            return RunStatus.FAILED;
        }
        return summary.errors() > 0 ? RunStatus.ERROR : RunStatus.PASSED;
    }
}
