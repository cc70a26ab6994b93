package dev.promptcards.runner.run;

import dev.promptcards.card.CardKey;
import dev.promptcards.card.edit.NoSuchCardException;
import dev.promptcards.card.schema.Run;
import java.util.List;
import java.util.Optional;

/**
 * The runs of cards as the HTTP API offers them: start one, list them, read one, cancel one. Every
 * method blocks (a database round trip or two) and is thread-safe.
 */
public interface RunService {

    /**
     * Queues a run of a card's tests on the card's current revision, and answers at once.
     *
     * @param card    the card
     * @param request what to run; absent fields default to the card's {@code model} map and all its tests
     * @param by      who starts it (the token's subject), written into the run
     * @return the queued run
     * @throws NoSuchCardException        when the card does not exist
     * @throws InvalidRunRequestException when the request cannot run (an unknown test, a provider that is
     *                                    not configured, no model), with a message saying why
     */
    QueuedRun start(CardKey card, RunRequest request, String by);

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
