package dev.promptcards.crdt.convergence;

import dev.promptcards.crdt.convergence.ConvergenceFuzz.Checks;
import dev.promptcards.crdt.convergence.ConvergenceFuzz.FuzzConfig;
import dev.promptcards.crdt.testing.YjsNode;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Yjs docs (in Node) and Java docs edit a prompt card concurrently over an unreliable network (delays,
 * duplicates, reordering, merged updates, state-vector diffs) and must converge; every Java doc is also
 * checked byte for byte against a Yjs twin that performs the same ops and receives the same updates in
 * the same order. See {@link ConvergenceFuzz}.
 *
 * <p>Replay a failure with {@code -Dcrdt.fuzz.seed=N -Dcrdt.fuzz.ops=M} (printed with the failure; the event
 * log and every update are written to target/crdt-fuzz). Scale with {@code -Dcrdt.fuzz.ops=}; soak with
 * {@code -Dcrdt.fuzz.soak=true} (200k ops, {@code -Dcrdt.fuzz.soak.ops=} to change).
 *
 * <p>Two Yjs behaviours shape the checks (both verified with Yjs alone, two docs):
 * <ul>
 *   <li>With gc on, replicas may hold differently merged GC structs after nested types are deleted in steps
 *       (e.g. one has GC(2:0+2) GC(2:2+1), the other GC(2:0+3)), so their encodeStateAsUpdate bytes differ
 *       while the content is the same. gc-on runs compare the states re-encoded through a fresh doc;
 *       gc-off runs demand byte-identical states.</li>
 *   <li>A local op boundary inside a surrogate pair that emits nothing (a format that changes nothing)
 *       still splits the item locally and turns both halves into U+FFFD on that replica only. The default
 *       op mix keeps boundaries off surrogate pairs; the splitting variant checks only Java against its
 *       twin.</li>
 * </ul>
 */
class ConcurrentEditingConvergesWithYjsTest {

    private static YjsNode node;

    @BeforeAll
    static void startYjs() {
        node = YjsNode.shared();
    }

    private static FuzzConfig config(String label, boolean gc, Checks checks, RandomOps.Options options) {
        return new FuzzConfig(label, 0, FuzzRunner.ops(600), gc, 2, 3, true, options, checks);
    }

    @Test
    void yjs_and_java_replicas_converge_under_concurrent_edits_with_gc() {
        FuzzRunner.runAll(config("yjs+java gc", true, Checks.CANONICAL_BYTES, RandomOps.Options.DEFAULT),
                FuzzRunner.seeds(1, 2, 3, 4), node);
    }

    @Test
    void yjs_and_java_replicas_end_byte_identical_without_gc() {
        FuzzRunner.runAll(config("yjs+java no gc", false, Checks.STRICT_BYTES, RandomOps.Options.DEFAULT),
                FuzzRunner.seeds(5), node);
    }

    @Test
    void java_docs_split_surrogate_pairs_exactly_like_their_yjs_twins() {
        FuzzRunner.runAll(config("yjs+java split surrogates", true, Checks.TWINS_ONLY, new RandomOps.Options(true)),
                FuzzRunner.seeds(6), node);
    }

    @Test
    void soak_yjs_and_java_replicas_converge() {
        Assumptions.assumeTrue(FuzzRunner.soak(), "soak only with -Dcrdt.fuzz.soak=true");
        long total = FuzzRunner.soakOps();
        long base = Long.getLong("crdt.fuzz.seed", ThreadLocalRandom.current().nextLong(1, 1L << 40));
        System.out.println("[crdt-fuzz] soak: " + total + " ops from seed " + base);
        long done = 0;
        for (long s = base; done < total; s++) {
            boolean gc = s % 4 != 0;
            FuzzConfig c = new FuzzConfig("soak yjs+java", s, (int) Math.min(5000, total - done), gc, 2, 3, true,
                    RandomOps.Options.DEFAULT, gc ? Checks.CANONICAL_BYTES : Checks.STRICT_BYTES);
            FuzzRunner.runOne(c, node, true);
            done += c.ops();
        }
    }

}
