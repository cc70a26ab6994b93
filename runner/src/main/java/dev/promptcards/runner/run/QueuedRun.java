package dev.promptcards.runner.run;

import dev.promptcards.card.schema.RunStatus;

/**
 * A run just queued.
 *
 * @param id     its id
 * @param status {@link RunStatus#QUEUED}
 */
public record QueuedRun(String id, RunStatus status) {
}
