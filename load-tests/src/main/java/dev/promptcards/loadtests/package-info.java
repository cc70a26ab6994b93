/**
 * Load tests: the load generator and the benchmarks.
 *
 * <p>{@link dev.promptcards.loadtests.BenchCommand} is the {@code main} of
 * {@code load-tests/target/promptcards-bench.jar}, which {@code ./promptcards bench ...} runs:
 * {@code bench crdt} measures the crdt module against Yjs 13.6.33 on the B4 editing trace
 * ({@link dev.promptcards.loadtests.crdt}); {@code bench server} measures our server against the
 * Node y-websocket server under the same load from one generator
 * ({@link dev.promptcards.loadtests.server}); {@code bench runner} runs one card of tests with our
 * server and with promptfoo against the same local OpenAI stub ({@link
 * dev.promptcards.loadtests.runner}). {@link dev.promptcards.loadtests.report} holds what the
 * reports share.
 *
 * <p>Depends on {@code crdt}, {@code card}, {@code server} and {@code provider-stubs}.
 */
package dev.promptcards.loadtests;
