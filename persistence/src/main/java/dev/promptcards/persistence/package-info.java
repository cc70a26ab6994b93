/**
 * Persistence: PostgreSQL through jOOQ (generated from the Flyway migrations) and HikariCP, with an
 * embedded PostgreSQL in the data directory as the default.
 *
 * <p>Owns the append-only update log of each card, its snapshots and their compaction (one
 * compactor at a time), and the tables for workspaces, members, API keys, cards, test runs, test
 * results and the hash-chained audit log.
 *
 * <p>Depends on {@code crdt} only. Nothing is implemented yet: it comes with its own issue.
 */
package dev.promptcards.persistence;
