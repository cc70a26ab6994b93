package dev.promptcards.loadtests.crdt;

/**
 * Our {@code encodeStateAsUpdate} of the replayed doc against Yjs's, from the same run.
 *
 * @param oursLength our state's length in bytes
 * @param referenceLength Yjs's state's length in bytes
 * @param firstDifference the offset of the first differing byte, -1 when the two are identical
 */
record StateComparison(int oursLength, int referenceLength, int firstDifference) {

    static StateComparison of(byte[] ours, byte[] reference) {
        return new StateComparison(ours.length, reference.length, java.util.Arrays.mismatch(ours, reference));
    }

    boolean identical() {
        return firstDifference < 0;
    }
}
