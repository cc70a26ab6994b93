package dev.promptcards.crdt;

import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The readers of a merge in the order Yjs {@code mergeUpdatesV2} keeps them: before every step it drops
 * exhausted readers and sorts the rest with {@code Array.prototype.sort} (higher client first, then lower
 * clock). This class gives the same order as V8 (Node, Chrome), faster where it safely can.
 *
 * <p>Yjs's comparator is inconsistent in one case: for a GC and an item at the same id it says "less"
 * both ways, so the order depends on the sort algorithm; then (and below 64 readers, where it is cheap)
 * {@link V8ArraySort} repeats V8's steps. Otherwise the comparator is consistent and any stable sort
 * gives V8's order: a full stable sort once, and after that, as only the first reader moves on between
 * two sorts (the merge reads from it alone), it is just moved to its place.
 */
final class ReaderOrder {
    /** V8 {@code ComputeMinRunLength}: below this length the whole array is one run (cheap to sort). */
    static final int V8_SINGLE_RUN_LIMIT = 64;

    private final LazyStructReader[] order;
    private int lo;
    private final int hi;
    /** Whether order[lo, hi) was sorted by {@link #CONSISTENT} before the first reader moved on. */
    private boolean sorted;
    /** From 64 readers on: per id of a current struct, how many are GCs [0] and items [1]. */
    private Map<ID, int[]> kindsAt;
    /** How many ids in {@link #kindsAt} have both a GC and an item. */
    private int ties;
    /** The first reader's struct when last sorted (tracked in {@link #kindsAt}). */
    private AbstractStruct firstStruct;

    ReaderOrder(List<LazyStructReader> readers) {
        // Yjs filters exhausted readers before each sort; only the first can run out in a step
        order = readers.stream().filter(r -> r.curr != null).toArray(LazyStructReader[]::new);
        hi = order.length;
        if (hi >= V8_SINGLE_RUN_LIMIT) {
            kindsAt = new HashMap<>();
            for (LazyStructReader r : order) {
                count(r.curr, 1);
            }
        }
    }

    /** Drops an exhausted first reader and sorts; returns the first reader, or null when all are done. */
    LazyStructReader sortAndGetFirst() {
        if (lo < hi) {
            LazyStructReader first = order[lo];
            if (kindsAt != null && firstStruct != null && first.curr != firstStruct) {
                count(firstStruct, -1);
                if (first.curr != null) {
                    count(first.curr, 1);
                }
            }
            if (first.curr == null) {
                lo++;
            }
        }
        int n = hi - lo;
        if (n == 0) {
            return null;
        }
        if (n < V8_SINGLE_RUN_LIMIT) {
            kindsAt = null;
            V8ArraySort.sort(order, lo, hi, ReaderOrder::compareLikeYjs);
            sorted = false;
        } else if (ties > 0) {
            V8ArraySort.sort(order, lo, hi, ReaderOrder::compareLikeYjs);
            sorted = false;
        } else if (sorted) {
            moveFirstToItsPlace();
        } else {
            Arrays.sort(order, lo, hi, CONSISTENT);
            sorted = true;
        }
        firstStruct = order[lo].curr;
        return order[lo];
    }

    private void count(AbstractStruct struct, int delta) {
        int[] kinds = kindsAt.computeIfAbsent(struct.id, id -> new int[2]);
        boolean tieBefore = kinds[0] > 0 && kinds[1] > 0;
        kinds[struct instanceof GC ? 0 : 1] += delta;
        boolean tieAfter = kinds[0] > 0 && kinds[1] > 0;
        ties += (tieAfter ? 1 : 0) - (tieBefore ? 1 : 0);
        if (kinds[0] == 0 && kinds[1] == 0) {
            kindsAt.remove(struct.id);
        }
    }

    /** Stable insertion of order[lo] into the sorted order[lo+1, hi): before the first one not less. */
    private void moveFirstToItsPlace() {
        LazyStructReader first = order[lo];
        int left = lo + 1;
        int right = hi;
        while (left < right) {
            int mid = (left + right) >>> 1;
            if (CONSISTENT.compare(order[mid], first) < 0) {
                left = mid + 1;
            } else {
                right = mid;
            }
        }
        System.arraycopy(order, lo + 1, order, lo, left - lo - 1);
        order[left - 1] = first;
    }

    /**
     * Yjs's comparator: higher client first, then lower clock. For equal ids 0 if both structs are of one
     * class, else -1 unless the first is a Skip (the merge filters Skips, so a GC against an item at the
     * same id is "less" both ways).
     */
    static int compareLikeYjs(LazyStructReader dec1, LazyStructReader dec2) {
        AbstractStruct a = dec1.curr;
        AbstractStruct b = dec2.curr;
        if (a.id.client() == b.id.client()) {
            long clockDiff = a.id.clock() - b.id.clock();
            if (clockDiff == 0) {
                return a.getClass() == b.getClass() ? 0 : a instanceof Skip ? 1 : -1;
            }
            return Long.signum(clockDiff);
        }
        return Long.compare(b.id.client(), a.id.client());
    }

    /** {@link #compareLikeYjs} made consistent: equal ids compare equal. */
    static final Comparator<LazyStructReader> CONSISTENT = (dec1, dec2) -> {
        AbstractStruct a = dec1.curr;
        AbstractStruct b = dec2.curr;
        if (a.id.client() == b.id.client()) {
            return Long.compare(a.id.clock(), b.id.clock());
        }
        return Long.compare(b.id.client(), a.id.client());
    };
}
