/**
 * The port through which code on the server edits a card by key: {@link dev.promptcards.card.edit.CardEditor}.
 * The runner streams test results through it, the API imports cards through it; the server implements it
 * on its rooms (ARCHITECTURE.md "Server-side edits").
 */
package dev.promptcards.card.edit;
