package dev.promptcards.loadtests.crdt;

import dev.promptcards.loadtests.report.Check;
import dev.promptcards.loadtests.report.Machine;
import dev.promptcards.loadtests.report.ScenarioResult;
import java.time.Instant;
import java.util.List;

/**
 * The outcome of a run of the CRDT benchmark: where and how it ran, each scenario's figures, the
 * comparison of the encoded states and the checks. {@link ReportTable} and {@link ReportJson}
 * render it.
 *
 * @param date when the run started
 * @param elapsedSeconds how long the run took, setup included
 * @param machine the machine and JVM
 * @param promptcardsVersion our version
 * @param reference the Node, Yjs and lib0 versions of the reference side
 * @param trace the trace file
 * @param edits the edits replayed per round
 * @param traceEdits the edits in the whole trace
 * @param warmupRounds rounds run and discarded first
 * @param rounds rounds measured
 * @param roundSettings how each round measured
 * @param results each scenario's figures, in {@link Scenario} order
 * @param state our encoded state against Yjs's
 * @param checks what both sides must agree on
 */
record CrdtReport(
        Instant date,
        double elapsedSeconds,
        Machine machine,
        String promptcardsVersion,
        YjsProcess.Versions reference,
        String trace,
        int edits,
        int traceEdits,
        int warmupRounds,
        int rounds,
        RoundSettings roundSettings,
        List<ScenarioResult> results,
        StateComparison state,
        List<Check> checks) {

    CrdtReport {
        results = List.copyOf(results);
        checks = List.copyOf(checks);
    }

    /** True when every check held. */
    boolean passed() {
        return Check.allPassed(checks);
    }

    /** The result of one scenario. */
    ScenarioResult result(Scenario scenario) {
        return results.stream()
                .filter(r -> r.metric() == scenario)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no result for " + scenario));
    }
}
