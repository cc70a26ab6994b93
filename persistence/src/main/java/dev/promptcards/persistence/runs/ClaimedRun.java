package dev.promptcards.persistence.runs;

import dev.promptcards.card.schema.TestResult;
import dev.promptcards.persistence.CardRef;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A run a worker claimed ({@link RunStore#claim}): it is running under the worker's node name until its
 * lease passes, and the worker renews the lease while it works ({@link RunStore#renew}).
 *
 * @param id           the run's id
 * @param card         its card
 * @param provider     the provider to call
 * @param model        the model to call
 * @param by           who asked for it
 * @param createdAt    when it was asked for
 * @param stateVector  the state vector of the card revision it runs on
 * @param planJson     what to run, as inserted
 * @param savedResults the results saved so far, by result key, in the order they were first saved; empty
 *                     for a run claimed the first time
 * @param resumed      true when the run was running under an earlier claim whose lease passed (its node
 *                     stopped): the worker goes on from {@code savedResults}
 * @param claims       how many times the run has been claimed, this claim included (1 the first time): a run
 *                     that keeps coming back has stopped a node each time, and a worker may end it as error
 */
public record ClaimedRun(String id, CardRef card, String provider, String model, String by, Instant createdAt,
        byte[] stateVector, String planJson, Map<String, TestResult> savedResults, boolean resumed, int claims) {

    /** Checks that every part is present; keeps an unmodifiable copy of the saved results in their order. */
    public ClaimedRun {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(card, "card");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(by, "by");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(stateVector, "stateVector");
        Objects.requireNonNull(planJson, "planJson");
        savedResults = RunRows.orderedCopy(savedResults);
    }

    /**
     * A claimed run as the run contract names it, counted as claimed once when fresh and twice when resumed.
     *
     * @param id           the run's id
     * @param card         its card
     * @param provider     the provider to call
     * @param model        the model to call
     * @param by           who asked for it
     * @param createdAt    when it was asked for
     * @param stateVector  the state vector of the card revision it runs on
     * @param planJson     what to run
     * @param savedResults the results saved so far, by result key
     * @param resumed      whether it was running under an earlier claim
     */
    public ClaimedRun(String id, CardRef card, String provider, String model, String by, Instant createdAt,
            byte[] stateVector, String planJson, Map<String, TestResult> savedResults, boolean resumed) {
        this(id, card, provider, model, by, createdAt, stateVector, planJson, savedResults, resumed,
                resumed ? 2 : 1);
    }
}
