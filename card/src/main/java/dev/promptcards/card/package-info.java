/**
 * What a prompt card is, for every module that touches one: its key ({@link dev.promptcards.card.CardKey},
 * with the one rule for workspace and card names), the field names and nested maps of its Yjs document
 * ({@code schema}), and the port through which code on the server edits a card ({@code edit}).
 *
 * <p>Depends on {@code crdt} only; {@code presence}, {@code persistence}, {@code runner} and {@code server}
 * depend on it. See ARCHITECTURE.md.
 */
package dev.promptcards.card;
