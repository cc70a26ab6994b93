package dev.promptcards.card.schema;

import java.time.Instant;
import java.util.Objects;

/**
 * What a new run map holds when it is created ({@link Runs#create}).
 *
 * @param provider    the provider the run calls
 * @param model       the model the run calls
 * @param by          who started it
 * @param startedAt   when it was started
 * @param stateVector the state vector of the card revision it runs (stored as base64)
 */
public record RunStart(String provider, String model, String by, Instant startedAt, byte[] stateVector) {

    /** Validates that every field is given. */
    public RunStart {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(by, "by");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(stateVector, "stateVector");
    }
}
