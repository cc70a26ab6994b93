/**
 * Runs of a card's tests: queued in the database, executed once across nodes, streamed into the live card.
 * {@link dev.promptcards.runner.run.RunService} is what the HTTP API calls.
 */
package dev.promptcards.runner.run;
