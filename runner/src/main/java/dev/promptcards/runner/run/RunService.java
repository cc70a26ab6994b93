package dev.promptcards.runner.run;

import dev.promptcards.card.CardKey;
import dev.promptcards.card.edit.NoSuchCardException;
import dev.promptcards.card.schema.Run;
import dev.promptcards.persistence.runs.RunQuotaExceededException;
import java.util.List;
import java.util.Optional;

/**
 * The runs of cards as the HTTP API offers them: start one, list them, read one, cancel one. Every
 * method blocks (a database round trip or two) and is thread-safe.
 */
public interface RunService {

    /**
     * Queues a run of a card's tests on the card's current revision, and answers at once. The run is queued
     * only within its workspace's run quotas ({@code maxRunsPerDay}, {@code maxCostPerMonthUsd}), and its start
     * is written to the workspace's audit log ({@code run.start}: the run's id, with the card, provider and
     * model) in the same transaction.
     *
     * @param card    the card
     * @param request what to run; absent fields default to the card's {@code model} map and all its tests
     * @param by      who starts it: audited, and its actor written into the run
     * @return the queued run
     * @throws NoSuchCardException        when the card does not exist
     * @throws InvalidRunRequestException when the request cannot run (an unknown test, a provider that is
     *                                    not configured, no model), with a message saying why
     * @throws RunQuotaExceededException  when the workspace used up a run quota; nothing is stored
     */
    QueuedRun start(CardKey card, RunRequest request, RunStarter by);

    /**
     * Lists a card's runs, newest first, as stored (all of them, not only those still in the document).
     *
     * @param card  the card
     * @param limit the most runs to return
     * @return the runs
     * @throws NoSuchCardException when the card does not exist
     */
    List<Run> list(CardKey card, int limit);

    /**
     * Reads one run as stored, with its results.
     *
     * @param card  the card
     * @param runId the run's id
     * @return the run; empty when the card has no run of that id
     * @throws NoSuchCardException when the card does not exist
     */
    Optional<Run> get(CardKey card, String runId);

    /**
     * Cancels a run: a queued run ends cancelled at once, a running one stops its provider calls and
     * ends cancelled shortly after.
     *
     * @param card  the card
     * @param runId the run's id
     * @return what happened
     * @throws NoSuchCardException when the card does not exist
     */
    CancelOutcome cancel(CardKey card, String runId);
}
