/**
 * Presence: who is in a card and where their cursor is.
 *
 * <p>{@link dev.promptcards.presence.Awareness} is the y-protocols awareness protocol as the server keeps
 * it (states, clocks, the 30 s timeout, removal on disconnect), sans I/O: bytes in, changes out.
 *
 * <p>The cross-node bus (one interface, an in-process and a Redis implementation, what a node publishes
 * tagged with a per-node sequence number so that a lost message is healed) comes with its own issue.
 *
 * <p>Depends on {@code crdt} only (its lib0 encoding and JSON).
 */
package dev.promptcards.presence;
