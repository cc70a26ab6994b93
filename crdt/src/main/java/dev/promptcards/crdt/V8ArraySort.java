package dev.promptcards.crdt;

import java.util.Comparator;

/**
 * {@code Array.prototype.sort} as V8 (Node, Chrome) runs it: TimSort after CPython's listsort
 * (V8 {@code third_party/v8/builtins/array-sort.tq}), step for step, so that the order comes out the same
 * even for a comparator that is not consistent. Yjs's merge sorts its readers with such a comparator
 * (see {@link ReaderOrder}); for a consistent one any stable sort gives the same order.
 *
 * <p>Our own Java rendering of the algorithm: minimum run length, natural runs (strictly descending
 * ones reversed) extended by binary insertion, the pending-run stack with its invariants, merges with
 * galloping and the adaptive {@code minGallop} (starting at 7 for every sort).
 */
final class V8ArraySort<T> {
    /** V8 {@code kMinGallopWins}. */
    private static final int MIN_GALLOP_WINS = 7;
    /** V8 {@code kMaxMergePending}. */
    private static final int MAX_MERGE_PENDING = 85;

    private final T[] a;
    private final Comparator<? super T> cmp;
    private int minGallop = MIN_GALLOP_WINS;
    private final int[] runBase = new int[MAX_MERGE_PENDING];
    private final int[] runLength = new int[MAX_MERGE_PENDING];
    private int pendingRuns;
    private Object[] temp = new Object[0];

    private V8ArraySort(T[] a, Comparator<? super T> cmp) {
        this.a = a;
        this.cmp = cmp;
    }

    /** Sorts a[lo, hi) as V8 sorts an array holding just those elements. */
    static <T> void sort(T[] a, int lo, int hi, Comparator<? super T> cmp) {
        if (hi - lo < 2) {
            return;
        }
        new V8ArraySort<>(a, cmp).timSort(lo, hi);
    }

    /** V8 {@code ArrayTimSortImpl}. */
    private void timSort(int lo, int hi) {
        int remaining = hi - lo;
        int low = lo;
        int minRun = minRunLength(remaining);
        while (remaining != 0) {
            int currentRunLength = countAndMakeRun(low, low + remaining);
            if (currentRunLength < minRun) {
                int forced = Math.min(minRun, remaining);
                binaryInsertionSort(low, low + currentRunLength, low + forced);
                currentRunLength = forced;
            }
            runBase[pendingRuns] = low;
            runLength[pendingRuns] = currentRunLength;
            pendingRuns++;
            mergeCollapse();
            low += currentRunLength;
            remaining -= currentRunLength;
        }
        mergeForceCollapse();
    }

    /** V8 {@code ComputeMinRunLength}: n below 64, else 32..64 so that n / minrun is just below a power of 2. */
    static int minRunLength(int n) {
        int r = 0;
        while (n >= 64) {
            r |= n & 1;
            n >>= 1;
        }
        return n + r;
    }

    /** V8 {@code BinaryInsertionSort}: a[low, start) is sorted; inserts a[start, high) one by one. */
    private void binaryInsertionSort(int low, int start, int high) {
        if (start == low) {
            start++;
        }
        for (; start < high; start++) {
            T pivot = a[start];
            int left = low;
            int right = start;
            while (left < right) {
                int mid = left + ((right - left) >> 1);
                if (cmp.compare(pivot, a[mid]) < 0) {
                    right = mid;
                } else {
                    left = mid + 1;
                }
            }
            System.arraycopy(a, left, a, left + 1, start - left);
            a[left] = pivot;
        }
    }

    /** V8 {@code CountAndMakeRun}: the run starting at low (a strictly descending one is reversed). */
    private int countAndMakeRun(int lowArg, int high) {
        int low = lowArg + 1;
        if (low == high) {
            return 1;
        }
        int runLen = 2;
        boolean descending = cmp.compare(a[low], a[low - 1]) < 0;
        T previous = a[low];
        for (int idx = low + 1; idx < high; idx++) {
            T current = a[idx];
            int order = cmp.compare(current, previous);
            if (descending ? order >= 0 : order < 0) {
                break;
            }
            previous = current;
            runLen++;
        }
        if (descending) {
            for (int i = lowArg, j = lowArg + runLen - 1; i < j; i++, j--) {
                T t = a[i];
                a[i] = a[j];
                a[j] = t;
            }
        }
        return runLen;
    }

    /** Whether run n-2 is longer than runs n-1 and n together (V8 {@code RunInvariantEstablished}). */
    private boolean runInvariantEstablished(int n) {
        if (n < 2) {
            return true;
        }
        return runLength[n - 2] > runLength[n - 1] + runLength[n];
    }

    /** V8 {@code MergeCollapse}. */
    private void mergeCollapse() {
        while (pendingRuns > 1) {
            int n = pendingRuns - 2;
            if (!runInvariantEstablished(n + 1) || !runInvariantEstablished(n)) {
                if (runLength[n - 1] < runLength[n + 1]) {
                    n--;
                }
                mergeAt(n);
            } else if (runLength[n] <= runLength[n + 1]) {
                mergeAt(n);
            } else {
                break;
            }
        }
    }

    /** V8 {@code MergeForceCollapse}. */
    private void mergeForceCollapse() {
        while (pendingRuns > 1) {
            int n = pendingRuns - 2;
            if (n > 0 && runLength[n - 1] < runLength[n + 1]) {
                n--;
            }
            mergeAt(n);
        }
    }

    /** V8 {@code MergeAt}: merges runs i and i + 1. */
    private void mergeAt(int i) {
        int baseA = runBase[i];
        int lengthA = runLength[i];
        int baseB = runBase[i + 1];
        int lengthB = runLength[i + 1];
        runLength[i] = lengthA + lengthB;
        if (i == pendingRuns - 3) {
            runBase[i + 1] = runBase[i + 2];
            runLength[i + 1] = runLength[i + 2];
        }
        pendingRuns--;

        // where does b start in a? what comes before is in place already
        int k = gallopRight(a, a[baseB], baseA, lengthA, 0);
        baseA += k;
        lengthA -= k;
        if (lengthA == 0) {
            return;
        }
        // where does a end in b? what comes after is in place already
        lengthB = gallopLeft(a, a[baseA + lengthA - 1], baseB, lengthB, lengthB - 1);
        if (lengthB == 0) {
            return;
        }
        if (lengthA <= lengthB) {
            mergeLow(baseA, lengthA, baseB, lengthB);
        } else {
            mergeHigh(baseA, lengthA, baseB, lengthB);
        }
    }

    /**
     * V8 {@code GallopLeft}: the offset in 0..length where key goes in array[base, base+length), left of
     * any equal elements, searching from {@code hint}.
     */
    private int gallopLeft(Object[] array, T key, int base, int length, int hint) {
        int lastOfs = 0;
        int offset = 1;
        if (cmp.compare(at(array, base + hint), key) < 0) {
            // gallop right until array[base+hint+lastOfs] < key <= array[base+hint+offset]
            int maxOfs = length - hint;
            while (offset < maxOfs) {
                if (cmp.compare(at(array, base + hint + offset), key) >= 0) {
                    break;
                }
                lastOfs = offset;
                offset = (offset << 1) + 1;
                if (offset <= 0) {
                    offset = maxOfs;
                }
            }
            if (offset > maxOfs) {
                offset = maxOfs;
            }
            lastOfs += hint;
            offset += hint;
        } else {
            // gallop left until array[base+hint-offset] < key <= array[base+hint-lastOfs]
            int maxOfs = hint + 1;
            while (offset < maxOfs) {
                if (cmp.compare(at(array, base + hint - offset), key) < 0) {
                    break;
                }
                lastOfs = offset;
                offset = (offset << 1) + 1;
                if (offset <= 0) {
                    offset = maxOfs;
                }
            }
            if (offset > maxOfs) {
                offset = maxOfs;
            }
            int tmp = lastOfs;
            lastOfs = hint - offset;
            offset = hint - tmp;
        }
        lastOfs++;
        while (lastOfs < offset) {
            int m = lastOfs + ((offset - lastOfs) >> 1);
            if (cmp.compare(at(array, base + m), key) < 0) {
                lastOfs = m + 1;
            } else {
                offset = m;
            }
        }
        return offset;
    }

    /** V8 {@code GallopRight}: like {@link #gallopLeft} but right of any equal elements. */
    private int gallopRight(Object[] array, T key, int base, int length, int hint) {
        int lastOfs = 0;
        int offset = 1;
        if (cmp.compare(key, at(array, base + hint)) < 0) {
            // gallop left until array[base+hint-offset] <= key < array[base+hint-lastOfs]
            int maxOfs = hint + 1;
            while (offset < maxOfs) {
                if (cmp.compare(key, at(array, base + hint - offset)) >= 0) {
                    break;
                }
                lastOfs = offset;
                offset = (offset << 1) + 1;
                if (offset <= 0) {
                    offset = maxOfs;
                }
            }
            if (offset > maxOfs) {
                offset = maxOfs;
            }
            int tmp = lastOfs;
            lastOfs = hint - offset;
            offset = hint - tmp;
        } else {
            // gallop right until array[base+hint+lastOfs] <= key < array[base+hint+offset]
            int maxOfs = length - hint;
            while (offset < maxOfs) {
                if (cmp.compare(key, at(array, base + hint + offset)) < 0) {
                    break;
                }
                lastOfs = offset;
                offset = (offset << 1) + 1;
                if (offset <= 0) {
                    offset = maxOfs;
                }
            }
            if (offset > maxOfs) {
                offset = maxOfs;
            }
            lastOfs += hint;
            offset += hint;
        }
        lastOfs++;
        while (lastOfs < offset) {
            int m = lastOfs + ((offset - lastOfs) >> 1);
            if (cmp.compare(key, at(array, base + m)) < 0) {
                offset = m;
            } else {
                lastOfs = m + 1;
            }
        }
        return offset;
    }

    @SuppressWarnings("unchecked")
    private T at(Object[] array, int i) {
        return (T) array[i];
    }

    private Object[] tempArray(int size) {
        // V8 GetTempArray: at least 32, grown when too small
        int min = Math.max(32, size);
        if (temp.length < min) {
            temp = new Object[min];
        }
        return temp;
    }

    /** V8 {@code MergeLow}: merges a[baseA, +lengthA) and a[baseB, +lengthB) from the left; lengthA <= lengthB. */
    private void mergeLow(int baseA, int lengthA, int baseB, int lengthB) {
        Object[] tmp = tempArray(lengthA);
        System.arraycopy(a, baseA, tmp, 0, lengthA);
        int dest = baseA;
        int cursorTemp = 0;
        int cursorB = baseB;
        a[dest++] = a[cursorB++];
        // exits: SUCCEED copies the rest of temp; COPY_B moves the rest of b then temp's last element
        boolean copyB;
        outer:
        {
            if (--lengthB == 0) {
                copyB = false;
                break outer;
            }
            if (lengthA == 1) {
                copyB = true;
                break outer;
            }
            int gallop = minGallop;
            while (true) {
                int winsA = 0;
                int winsB = 0;
                while (true) {
                    if (cmp.compare(a[cursorB], at(tmp, cursorTemp)) < 0) {
                        a[dest++] = a[cursorB++];
                        winsB++;
                        lengthB--;
                        winsA = 0;
                        if (lengthB == 0) {
                            copyB = false;
                            break outer;
                        }
                        if (winsB >= gallop) {
                            break;
                        }
                    } else {
                        a[dest++] = at(tmp, cursorTemp++);
                        winsA++;
                        lengthA--;
                        winsB = 0;
                        if (lengthA == 1) {
                            copyB = true;
                            break outer;
                        }
                        if (winsA >= gallop) {
                            break;
                        }
                    }
                }
                gallop++;
                boolean firstIteration = true;
                while (winsA >= MIN_GALLOP_WINS || winsB >= MIN_GALLOP_WINS || firstIteration) {
                    firstIteration = false;
                    gallop = Math.max(1, gallop - 1);
                    minGallop = gallop;
                    winsA = gallopRight(tmp, a[cursorB], cursorTemp, lengthA, 0);
                    if (winsA > 0) {
                        System.arraycopy(tmp, cursorTemp, a, dest, winsA);
                        dest += winsA;
                        cursorTemp += winsA;
                        lengthA -= winsA;
                        if (lengthA == 1) {
                            copyB = true;
                            break outer;
                        }
                        // impossible for a consistent comparator, but it may not be
                        if (lengthA == 0) {
                            copyB = false;
                            break outer;
                        }
                    }
                    a[dest++] = a[cursorB++];
                    if (--lengthB == 0) {
                        copyB = false;
                        break outer;
                    }
                    winsB = gallopLeft(a, at(tmp, cursorTemp), cursorB, lengthB, 0);
                    if (winsB > 0) {
                        System.arraycopy(a, cursorB, a, dest, winsB);
                        dest += winsB;
                        cursorB += winsB;
                        lengthB -= winsB;
                        if (lengthB == 0) {
                            copyB = false;
                            break outer;
                        }
                    }
                    a[dest++] = at(tmp, cursorTemp++);
                    if (--lengthA == 1) {
                        copyB = true;
                        break outer;
                    }
                }
                gallop++; // penalty for leaving galloping mode
                minGallop = gallop;
            }
        }
        if (copyB) {
            // the last element of run a belongs at the end of the merge
            System.arraycopy(a, cursorB, a, dest, lengthB);
            a[dest + lengthB] = at(tmp, cursorTemp);
        } else if (lengthA > 0) {
            System.arraycopy(tmp, cursorTemp, a, dest, lengthA);
        }
    }

    /** V8 {@code MergeHigh}: merges a[baseA, +lengthA) and a[baseB, +lengthB) from the right; lengthA >= lengthB. */
    private void mergeHigh(int baseA, int lengthA, int baseB, int lengthB) {
        Object[] tmp = tempArray(lengthB);
        System.arraycopy(a, baseB, tmp, 0, lengthB);
        int dest = baseB + lengthB - 1;
        int cursorTemp = lengthB - 1;
        int cursorA = baseA + lengthA - 1;
        a[dest--] = a[cursorA--];
        // exits: SUCCEED copies the rest of temp; COPY_A moves the rest of a then temp's first element
        boolean copyA;
        outer:
        {
            if (--lengthA == 0) {
                copyA = false;
                break outer;
            }
            if (lengthB == 1) {
                copyA = true;
                break outer;
            }
            int gallop = minGallop;
            while (true) {
                int winsA = 0;
                int winsB = 0;
                while (true) {
                    if (cmp.compare(at(tmp, cursorTemp), a[cursorA]) < 0) {
                        a[dest--] = a[cursorA--];
                        winsA++;
                        lengthA--;
                        winsB = 0;
                        if (lengthA == 0) {
                            copyA = false;
                            break outer;
                        }
                        if (winsA >= gallop) {
                            break;
                        }
                    } else {
                        a[dest--] = at(tmp, cursorTemp--);
                        winsB++;
                        lengthB--;
                        winsA = 0;
                        if (lengthB == 1) {
                            copyA = true;
                            break outer;
                        }
                        if (winsB >= gallop) {
                            break;
                        }
                    }
                }
                gallop++;
                boolean firstIteration = true;
                while (winsA >= MIN_GALLOP_WINS || winsB >= MIN_GALLOP_WINS || firstIteration) {
                    firstIteration = false;
                    gallop = Math.max(1, gallop - 1);
                    minGallop = gallop;
                    int k = gallopRight(a, at(tmp, cursorTemp), baseA, lengthA, lengthA - 1);
                    winsA = lengthA - k;
                    if (winsA > 0) {
                        dest -= winsA;
                        cursorA -= winsA;
                        System.arraycopy(a, cursorA + 1, a, dest + 1, winsA);
                        lengthA -= winsA;
                        if (lengthA == 0) {
                            copyA = false;
                            break outer;
                        }
                    }
                    a[dest--] = at(tmp, cursorTemp--);
                    if (--lengthB == 1) {
                        copyA = true;
                        break outer;
                    }
                    k = gallopLeft(tmp, a[cursorA], 0, lengthB, lengthB - 1);
                    winsB = lengthB - k;
                    if (winsB > 0) {
                        dest -= winsB;
                        cursorTemp -= winsB;
                        System.arraycopy(tmp, cursorTemp + 1, a, dest + 1, winsB);
                        lengthB -= winsB;
                        if (lengthB == 1) {
                            copyA = true;
                            break outer;
                        }
                        // impossible for a consistent comparator, but it may not be
                        if (lengthB == 0) {
                            copyA = false;
                            break outer;
                        }
                    }
                    a[dest--] = a[cursorA--];
                    if (--lengthA == 0) {
                        copyA = false;
                        break outer;
                    }
                }
                gallop++; // penalty for leaving galloping mode
                minGallop = gallop;
            }
        }
        if (copyA) {
            // the first element of run b belongs at the front of the merge
            dest -= lengthA;
            cursorA -= lengthA;
            System.arraycopy(a, cursorA + 1, a, dest + 1, lengthA);
            a[dest] = at(tmp, cursorTemp);
        } else if (lengthB > 0) {
            System.arraycopy(tmp, 0, a, dest - (lengthB - 1), lengthB);
        }
    }
}
