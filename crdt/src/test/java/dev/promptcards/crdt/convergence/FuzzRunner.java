package dev.promptcards.crdt.convergence;

import dev.promptcards.crdt.convergence.ConvergenceFuzz.FuzzConfig;
import dev.promptcards.crdt.convergence.ConvergenceFuzz.FuzzResult;
import dev.promptcards.crdt.testing.YjsNode;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs fuzz configs for the tests: the seeds (or {@code -Dcrdt.fuzz.seed=}), the op count
 * ({@code -Dcrdt.fuzz.ops=}), the soak ({@code -Dcrdt.fuzz.soak=true}), and shrinking of a failure to the
 * smallest failing op count.
 */
final class FuzzRunner {

    private FuzzRunner() {
    }

    /** The seeds to run: the one of -Dcrdt.fuzz.seed, else the defaults. */
    static List<Long> seeds(long... defaults) {
        Long replay = Long.getLong("crdt.fuzz.seed");
        if (replay != null) {
            return List.of(replay);
        }
        List<Long> l = new ArrayList<>();
        for (long s : defaults) {
            l.add(s);
        }
        return l;
    }

    /** Ops per seed: -Dcrdt.fuzz.ops, else the default. */
    static int ops(int dflt) {
        return Integer.getInteger("crdt.fuzz.ops", dflt);
    }

    static boolean soak() {
        return Boolean.getBoolean("crdt.fuzz.soak");
    }

    /** Total ops of a soak: -Dcrdt.fuzz.soak.ops, else 200k. */
    static long soakOps() {
        return Long.getLong("crdt.fuzz.soak.ops", 200_000L);
    }

    /** Runs every seed; a failure is shrunk, then rethrown with both the original and the smallest failure. */
    static void runAll(FuzzConfig base, List<Long> seeds, YjsNode node) {
        for (long seed : seeds) {
            FuzzConfig c = base.withSeed(seed);
            runOne(c, node, true);
        }
    }

    static FuzzResult runOne(FuzzConfig c, YjsNode node, boolean shrink) {
        try {
            FuzzResult r = ConvergenceFuzz.run(c, node);
            System.out.println("[crdt-fuzz] ok: " + c + " -> " + r);
            return r;
        } catch (FuzzFailure f) {
            if (!shrink) {
                throw f;
            }
            throw shrunk(c, node, f);
        }
    }

    /** Binary search for the smallest op count that still fails (a run with fewer ops is a prefix). */
    private static FuzzFailure shrunk(FuzzConfig c, YjsNode node, FuzzFailure original) {
        int lo = 0;
        int hi = c.ops();
        FuzzFailure smallest = original;
        for (int attempt = 0; attempt < 16 && hi - lo > 1; attempt++) {
            int mid = (lo + hi) >>> 1;
            try {
                ConvergenceFuzz.run(c.withOps(mid), node);
                lo = mid;
            } catch (FuzzFailure f) {
                hi = mid;
                smallest = f;
            } catch (RuntimeException e) {
                break; // e.g. the harness died; keep what we have
            }
        }
        if (smallest == original) {
            return original;
        }
        String head = original.getMessage().lines().limit(3).reduce((a, b) -> a + "\n" + b).orElse("");
        FuzzFailure f = new FuzzFailure("SHRUNK to " + c.withOps(hi).replay() + " (from " + c.ops() + " ops; the original "
                + "failure began:\n" + head + "\n...)\n\n" + smallest.getMessage(), smallest.getCause());
        f.setStackTrace(smallest.getStackTrace());
        return f;
    }
}
