package dev.promptcards.crdt.convergence;

import java.util.List;

/**
 * mulberry32 (public domain, Tommy Ettinger), bit for bit the generator of random-ops.mjs
 * ({@code createPrng}): the same seed gives the same sequence in Java and in Node. That lets
 * {@link RandomOps} make exactly the choices random-ops.mjs makes on a doc in the same state.
 */
final class Prng {

    private int a;

    /** Seeds as random-ops.mjs does: low and high 32 bits folded together (seeds are safe integers). */
    Prng(long seed) {
        // JS: ((s % 2^32) ^ Math.floor(s / 2^32) ^ 0x9e3779b9) | 0, every operand taken ToInt32
        a = (int) (seed & 0xffffffffL) ^ (int) (seed >> 32) ^ 0x9e3779b9;
    }

    /** A double in [0, 1) with 32 random bits. */
    double next() {
        a += 0x6d2b79f5;
        int t = (a ^ (a >>> 15)) * (1 | a);
        t = (t + ((t ^ (t >>> 7)) * (61 | t))) ^ t;
        return ((t ^ (t >>> 14)) & 0xffffffffL) / 4294967296.0;
    }

    /** An int in [min, max], both inclusive. */
    int nextInt(int min, int max) {
        return (int) (min + (long) Math.floor(next() * ((long) max - min + 1)));
    }

    boolean nextBool(double p) {
        return next() < p;
    }

    boolean nextBool() {
        return nextBool(0.5);
    }

    <T> T pick(List<T> list) {
        return list.get(nextInt(0, list.size() - 1));
    }

    @SafeVarargs
    final <T> T pick(T... values) {
        return values[nextInt(0, values.length - 1)];
    }

    /** A seed for something else (a sub-run, a replica's ops): a safe non-negative integer. */
    long nextSeed() {
        return (long) nextInt(0, Integer.MAX_VALUE) * 1_000_003L + nextInt(0, 1_000_002);
    }
}
