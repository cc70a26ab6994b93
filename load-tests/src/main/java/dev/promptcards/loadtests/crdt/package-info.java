/**
 * The CRDT benchmark: our crdt module against Yjs 13.6.33 (run by Node) on the B4 editing trace,
 * both measured in the same run, rounds alternating between them, warm-up rounds discarded, medians
 * reported with the ratio ours / Yjs.
 *
 * <p>A round runs every scenario once: local replay (one transaction per edit, an update listener
 * receiving each update), remote (the per-keystroke updates of that replay applied in order to a
 * fresh doc), encoding the full state, parsing it into a new doc, and the heap held by such a loaded
 * doc. The run also checks that both sides end in the same text and in byte-identical updates and
 * state. {@link dev.promptcards.loadtests.crdt.JavaRound} and {@code src/main/js/crdt-bench.mjs}
 * are the two sides, written to be read against each other.
 */
package dev.promptcards.loadtests.crdt;
