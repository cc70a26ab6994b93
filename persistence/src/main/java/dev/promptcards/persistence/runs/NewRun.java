package dev.promptcards.persistence.runs;

import java.time.Instant;
import java.util.Objects;

/**
 * A run to queue ({@link RunStore#insert}): it is stored with status queued.
 *
 * @param id          the run's id, unique over all cards (the key of its map in the card's {@code runs})
 * @param cardPk      the card's row id ({@code cards.pk}, {@link dev.promptcards.persistence.CardRef#id()})
 * @param provider    the provider to call
 * @param model       the model to call
 * @param by          who asked for it
 * @param createdAt   when it was asked for (the document's {@code startedAt}); stored to the microsecond
 * @param stateVector the state vector of the card revision it runs on
 * @param planJson    what to run, as JSON; the store keeps it as given and never reads it
 */
public record NewRun(String id, long cardPk, String provider, String model, String by, Instant createdAt,
        byte[] stateVector, String planJson) {

    /** Checks that every part is present and the id is one the database can hold. */
    public NewRun {
        StorableText.requireKey("run id", id);
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(by, "by");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(stateVector, "stateVector");
        Objects.requireNonNull(planJson, "planJson");
    }
}
