package dev.promptcards.crdt.convergence;

import dev.promptcards.crdt.convergence.ConvergenceFuzz.Checks;
import dev.promptcards.crdt.convergence.ConvergenceFuzz.FuzzConfig;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Java docs only (no Node, so fast): several Java docs edit concurrently over the same unreliable network
 * as {@link ConcurrentEditingConvergesWithYjsTest} and must converge: same state vector and JSON, states
 * byte-identical without gc and byte-identical after re-encoding through a fresh doc with gc.
 * Same properties: -Dcrdt.fuzz.seed, -Dcrdt.fuzz.ops (here per seed, default 2000), -Dcrdt.fuzz.soak.
 */
class ConcurrentJavaDocsConvergeTest {

    private static FuzzConfig config(String label, boolean gc) {
        return new FuzzConfig(label, 0, FuzzRunner.ops(2000), gc, 0, 5, false, RandomOps.Options.DEFAULT,
                gc ? Checks.CANONICAL_BYTES : Checks.STRICT_BYTES);
    }

    @Test
    void java_docs_converge_under_concurrent_edits_with_gc() {
        FuzzRunner.runAll(config("java gc", true), FuzzRunner.seeds(11, 12, 13), null);
    }

    @Test
    void java_docs_end_byte_identical_without_gc() {
        FuzzRunner.runAll(config("java no gc", false), FuzzRunner.seeds(14), null);
    }

    @Test
    void soak_java_docs_converge() {
        Assumptions.assumeTrue(FuzzRunner.soak(), "soak only with -Dcrdt.fuzz.soak=true");
        long total = FuzzRunner.soakOps();
        long base = Long.getLong("crdt.fuzz.seed", ThreadLocalRandom.current().nextLong(1, 1L << 40));
        System.out.println("[crdt-fuzz] java soak: " + total + " ops from seed " + base);
        long done = 0;
        for (long s = base; done < total; s++) {
            boolean gc = s % 4 != 0;
            FuzzConfig c = new FuzzConfig("soak java", s, (int) Math.min(10_000, total - done), gc, 0, 5, false,
                    RandomOps.Options.DEFAULT, gc ? Checks.CANONICAL_BYTES : Checks.STRICT_BYTES);
            FuzzRunner.runOne(c, null, true);
            done += c.ops();
        }
    }
}
