package dev.promptcards.crdt;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The readers of a merge in the order Yjs {@code mergeUpdatesV2} keeps them: before every step it drops
 * exhausted readers and sorts the rest with {@code Array.prototype.sort} (higher client first, then lower
 * clock). This class gives the same order, faster where it safely can.
 *
 * <p>Yjs's comparator is inconsistent in one case: for a GC and an item at the same id it says "less"
 * both ways, so the result depends on the sort algorithm. Below 64 readers V8 sorts the whole array as
 * one run (count the first run, reverse it if strictly descending, binary insertion of the rest); that
 * is repeated here step for step. From 64 readers on V8 runs a full TimSort; here a stable sort with
 * such ties counted equal is used, which gives V8's order whenever no GC meets an item at the same id.
 *
 * <p>Between two sorts only the first reader moves on (the merge reads from it alone), so from 64
 * readers on, once sorted, the first reader is just moved to its place: what a stable sort would do.
 */
final class ReaderOrder {
    /** V8 {@code ComputeMinRunLength}: below this length the whole array is one run. */
    static final int V8_SINGLE_RUN_LIMIT = 64;

    private final LazyStructReader[] order;
    private int lo;
    private final int hi;
    /** Whether order[lo, hi) was sorted by {@link #CONSISTENT} before the first reader moved on. */
    private boolean sorted;

    ReaderOrder(List<LazyStructReader> readers) {
        // Yjs filters exhausted readers before each sort; only the first can run out in a step
        order = readers.stream().filter(r -> r.curr != null).toArray(LazyStructReader[]::new);
        hi = order.length;
    }

    /** Drops an exhausted first reader and sorts; returns the first reader, or null when all are done. */
    LazyStructReader sortAndGetFirst() {
        if (lo < hi && order[lo].curr == null) {
            lo++;
        }
        int n = hi - lo;
        if (n == 0) {
            return null;
        }
        if (n < V8_SINGLE_RUN_LIMIT) {
            sortLikeV8(order, lo, hi);
            sorted = false;
        } else if (sorted) {
            moveFirstToItsPlace();
        } else {
            Arrays.sort(order, lo, hi, CONSISTENT);
            sorted = true;
        }
        return order[lo];
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

    /**
     * V8's {@code ArrayTimSort} for fewer than 64 elements, on a[lo, hi): {@code CountAndMakeRun} then
     * {@code BinaryInsertionSort}, with {@link #compareLikeYjs}.
     */
    static void sortLikeV8(LazyStructReader[] a, int lo, int hi) {
        if (hi - lo < 2) {
            return;
        }
        // CountAndMakeRun: a strictly descending or a non-descending run from lo
        int runEnd = lo + 2;
        boolean descending = compareLikeYjs(a[lo + 1], a[lo]) < 0;
        LazyStructReader previous = a[lo + 1];
        for (; runEnd < hi; runEnd++) {
            LazyStructReader current = a[runEnd];
            int order = compareLikeYjs(current, previous);
            if (descending ? order >= 0 : order < 0) {
                break;
            }
            previous = current;
        }
        if (descending) {
            for (int i = lo, j = runEnd - 1; i < j; i++, j--) {
                LazyStructReader t = a[i];
                a[i] = a[j];
                a[j] = t;
            }
        }
        // BinaryInsertionSort of a[runEnd, hi) into the run
        for (int start = runEnd; start < hi; start++) {
            LazyStructReader pivot = a[start];
            int left = lo;
            int right = start;
            while (left < right) {
                int mid = left + ((right - left) >> 1);
                if (compareLikeYjs(pivot, a[mid]) < 0) {
                    right = mid;
                } else {
                    left = mid + 1;
                }
            }
            System.arraycopy(a, left, a, left + 1, start - left);
            a[left] = pivot;
        }
    }
}
