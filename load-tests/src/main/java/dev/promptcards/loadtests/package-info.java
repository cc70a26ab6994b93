/**
 * Load tests: the load generator and the benchmarks.
 *
 * <p>Owns the benchmarks of the CRDT against Yjs and of the server against the Node reference
 * server (later run by {@code ./promptcards bench crdt} and {@code ./promptcards bench server}),
 * and the load generator that drives many clients against a server.
 *
 * <p>Depends on {@code crdt} and {@code server}. Nothing is implemented yet: it comes with its own
 * issue.
 */
package dev.promptcards.loadtests;
