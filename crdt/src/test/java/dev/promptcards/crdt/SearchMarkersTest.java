package dev.promptcards.crdt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Search markers are a cache: every result must equal a walk from the list's start. */
class SearchMarkersTest {

    @Test
    void random_operations_give_the_same_results_and_bytes_as_a_linear_walk() {
        for (int seed = 1; seed <= 10; seed++) {
            Random rnd = new Random(seed);
            Doc marked = new Doc(1);
            Doc linear = new Doc(1);
            Doc remote = new Doc(2);
            YArray a = marked.getArray("a");
            YArray b = linear.getArray("a");
            YArray r = remote.getArray("a");
            b.searchMarker = null;
            List<Object> model = new ArrayList<>();
            int next = 0;
            for (int step = 0; step < 2000; step++) {
                int op = rnd.nextInt(12);
                if (op < 5 || model.isEmpty()) {
                    int index = rnd.nextInt(model.size() + 1);
                    List<Object> values = new ArrayList<>();
                    for (int k = rnd.nextInt(4); k >= 0; k--) {
                        values.add((long) next++);
                    }
                    a.insert(index, values);
                    b.insert(index, values);
                    model.addAll(index, values);
                } else if (op < 8) {
                    int index = rnd.nextInt(model.size());
                    int len = 1 + rnd.nextInt(Math.min(5, model.size() - index));
                    a.delete(index, len);
                    b.delete(index, len);
                    model.subList(index, index + len).clear();
                } else if (op == 8) {
                    a.push(List.of((long) next));
                    b.push(List.of((long) next));
                    model.add((long) next++);
                } else if (op == 9) {
                    // a remote change clears the markers (Yjs _callObserver for non-local transactions)
                    r.insert(rnd.nextInt(r.length() + 1), List.of("r" + next++));
                    byte[] update = Y.encodeStateAsUpdate(remote, Y.encodeStateVector(marked));
                    Y.applyUpdate(marked, update);
                    Y.applyUpdate(linear, update);
                    model.clear();
                    model.addAll(b.toArray());
                } else {
                    for (int k = 0; k < 5; k++) {
                        int index = rnd.nextInt(model.size());
                        assertEquals(model.get(index), a.get(index), "seed " + seed + " step " + step);
                        assertEquals(model.get(index), b.get(index));
                    }
                    int from = rnd.nextInt(model.size() + 1);
                    int to = from + rnd.nextInt(model.size() - from + 1);
                    assertEquals(model.subList(from, to), a.slice(from, to));
                }
                assertEquals(model.size(), a.length());
                assertTrue(a.searchMarker.size() <= SearchMarkers.MAX_SEARCH_MARKER);
                if (step % 25 == 0) {
                    checkMarkers(a);
                }
                if (step % 50 == 0) {
                    // local changes stay local: the remote doc gets them too so it can insert anywhere
                    Y.applyUpdate(remote, Y.encodeStateAsUpdate(marked, Y.encodeStateVector(remote)));
                }
            }
            assertEquals(model, a.toArray());
            assertEquals(model, b.toArray());
            assertArrayEquals(Y.encodeStateAsUpdate(linear), Y.encodeStateAsUpdate(marked), "seed " + seed);
            for (int i = 0; i < model.size(); i++) {
                assertEquals(model.get(i), a.get(i));
            }
        }
    }

    @Test
    void markers_follow_merged_items_and_stay_at_their_index() {
        Doc doc = new Doc(1);
        YArray a = doc.getArray("a");
        List<Object> values = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            values.add((long) i);
            a.push(List.of((long) i)); // one item per transaction, merged after each
        }
        assertEquals(values.get(50), a.get(50));
        for (int i = 99; i >= 0; i -= 7) {
            assertEquals(values.get(i), a.get(i));
        }
        assertTrue(a.searchMarker.size() > 0);
        checkMarkers(a);
    }

    @Test
    void no_marker_for_index_zero_or_an_empty_list() {
        Doc doc = new Doc(1);
        YArray a = doc.getArray("a");
        assertNull(SearchMarkers.findMarker(a, 3));
        a.push(List.of(1, 2, 3));
        assertNull(SearchMarkers.findMarker(a, 0));
        SearchMarkers.Marker m = SearchMarkers.findMarker(a, 2);
        assertEquals(0, m.index);
        assertTrue(m.p.isMarker());
    }

    /** Every marker's index is the number of live values before its item. */
    static void checkMarkers(AbstractType type) {
        for (SearchMarkers.Marker m : type.searchMarker.markers()) {
            int pos = 0;
            Item n = type.start;
            while (n != m.p) {
                if (!n.isDeleted() && n.countable()) {
                    pos += n.length;
                }
                n = n.right;
            }
            assertEquals(pos, m.index);
            assertEquals(type, m.p.parent);
        }
    }
}
