package dev.promptcards.runner.run;

import java.time.Duration;
import java.util.Objects;

/**
 * How this node executes runs.
 *
 * @param node            this node's id, recorded as the claim of the runs it executes
 * @param lease           how long a claim holds without renewal: a run whose node stops renewing (it died) is
 *                        taken over by another node, or by this one after a restart, once its lease ran out
 * @param pollInterval    how often the queue is looked at when nothing woke it (runs queued on other nodes)
 * @param maxRuns         the most runs this node executes at once
 * @param runsInDocument  how many runs a card's document keeps (the newest; all are in the database)
 * @param outputWindow    how long streamed output is gathered before it goes to the card as one update
 */
public record RunnerSettings(String node, Duration lease, Duration pollInterval, int maxRuns, int runsInDocument,
        Duration outputWindow) {

    /** ARCHITECTURE.md "Runs": the document keeps the newest 20 runs (issue 13). */
    public static final int RUNS_IN_DOCUMENT = 20;

    /** Checks the values. */
    public RunnerSettings {
        Objects.requireNonNull(node, "node");
        if (lease.toMillis() < 300 || pollInterval.isNegative() || pollInterval.isZero() || maxRuns < 1
                || runsInDocument < 1 || outputWindow.isNegative()) {
            throw new IllegalArgumentException("invalid runner settings: " + lease + ", " + pollInterval + ", "
                    + maxRuns + ", " + runsInDocument + ", " + outputWindow);
        }
    }

    /**
     * The defaults for a node: a 15 s lease (renewed every 5 s), a poll each second, 8 runs at once, 20 runs in
     * the document, output gathered for 200 ms (about five updates a second, as the issue asks).
     *
     * @param node this node's id
     * @return the settings
     */
    public static RunnerSettings defaults(String node) {
        return new RunnerSettings(node, Duration.ofSeconds(15), Duration.ofSeconds(1), 8, RUNS_IN_DOCUMENT,
                Duration.ofMillis(200));
    }

    /** The same with another lease. */
    public RunnerSettings withLease(Duration newLease) {
        return new RunnerSettings(node, newLease, pollInterval, maxRuns, runsInDocument, outputWindow);
    }

    /** The same with another poll interval. */
    public RunnerSettings withPollInterval(Duration interval) {
        return new RunnerSettings(node, lease, interval, maxRuns, runsInDocument, outputWindow);
    }
}
