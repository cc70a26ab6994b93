/**
 * Persistence: PostgreSQL through jOOQ (generated from the Flyway migrations) and HikariCP, with an
 * embedded PostgreSQL in the data directory as the default ({@link dev.promptcards.persistence.EmbeddedDatabase}).
 *
 * <p>{@link dev.promptcards.persistence.CardStorage} is what the server uses: {@link
 * dev.promptcards.persistence.CardStore} for workspaces and cards, and {@link
 * dev.promptcards.persistence.UpdateLog} for each card's append-only update log (group-committed),
 * its snapshots and their compaction (one compactor per card, across processes).
 *
 * <p>{@link dev.promptcards.persistence.runs.RunStore} keeps test runs and their results, and is the queue run
 * workers claim from. {@link dev.promptcards.persistence.CardSearch} is the API's card listing (title
 * search, pages). The {@code admin} package keeps workspaces with their quotas and members, API keys and
 * the audit log (issue 15). Depends on {@code crdt} and {@code card}.
 */
package dev.promptcards.persistence;
