package dev.promptcards.runner.run;

import dev.promptcards.card.schema.RunStatus;

/**
 * A run just queued.
 *
 * @param id       its id
 * @param status   {@link RunStatus#QUEUED}
 * @param provider the provider it calls
 * @param model    the model it calls
 */
public record QueuedRun(String id, RunStatus status, String provider, String model) {
}
