/**
 * The card document schema (ARCHITECTURE.md) in Java: {@link dev.promptcards.card.schema.CardFields} names
 * every top-level type and nested key; {@link dev.promptcards.card.schema.CardDocument} holds a document's
 * top-level types; {@link dev.promptcards.card.schema.TestCases} and {@link dev.promptcards.card.schema.Runs}
 * write test cases, runs and results (each nested type created whole, in one transaction) and read them
 * into records; {@link dev.promptcards.card.schema.CardContent} reads or imports a card without its runs.
 *
 * <p>The readers read exactly as the web client does (web-client {@code src/card/schema.ts} and
 * {@code src/card/runs.ts}); the server's {@code CardSchemaContractTest} checks both directions through
 * real Yjs. Like {@link dev.promptcards.crdt.Doc}, nothing here is thread-safe: call it where the card's
 * document is edited.
 */
package dev.promptcards.card.schema;
