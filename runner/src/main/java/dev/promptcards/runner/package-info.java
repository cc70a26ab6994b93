/**
 * Runner: test runs of a prompt card.
 *
 * <p>Owns template rendering of the card's {@code {{variables}}}, the LLM calls through LangChain4j,
 * the assertions, token counts and cost, the concurrency of a run, and streaming the results into
 * the card's document (its {@code runs} map) as they arrive.
 *
 * <p>Depends on {@code crdt} only. Nothing is implemented yet: it comes with its own issue.
 */
package dev.promptcards.runner;
