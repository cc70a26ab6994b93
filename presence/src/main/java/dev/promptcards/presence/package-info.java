/**
 * Presence: who is in a card and where their cursor is, and the bus between server nodes.
 *
 * <p>Owns the y-protocols awareness protocol (states, clocks, timeouts, removal on disconnect) and
 * the cross-node bus: one interface with an in-process implementation and a Redis implementation
 * (Lettuce). What a node publishes is tagged with a per-node sequence number so that a lost message
 * is noticed and healed by exchanging state vectors and the diff.
 *
 * <p>Depends on {@code crdt} only. Nothing is implemented yet: it comes with its own issue.
 */
package dev.promptcards.presence;
