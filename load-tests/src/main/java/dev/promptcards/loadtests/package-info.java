/**
 * Load tests: the load generator and the benchmarks.
 *
 * <p>{@link dev.promptcards.loadtests.BenchCommand} is the {@code main} of
 * {@code load-tests/target/promptcards-bench.jar}, which {@code ./promptcards bench ...} runs:
 * {@code bench crdt} measures the crdt module against Yjs 13.6.33 on the B4 editing trace
 * ({@link dev.promptcards.loadtests.crdt}). The server benchmark against the Node reference server
 * and the load generator come with their own work.
 *
 * <p>Depends on {@code crdt} and {@code server}.
 */
package dev.promptcards.loadtests;
