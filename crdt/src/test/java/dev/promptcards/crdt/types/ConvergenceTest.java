package dev.promptcards.crdt.types;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.promptcards.crdt.Doc;
import dev.promptcards.crdt.Y;
import dev.promptcards.crdt.YArray;
import dev.promptcards.crdt.YMap;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ConvergenceTest {

    @Test
    void two_docs_exchanging_updates_converge() {
        Doc a = new Doc(1);
        Doc b = new Doc(2);
        a.onUpdate((update, origin, tr) -> { if (origin != "remote") Y.applyUpdate(b, update, "remote"); });
        b.onUpdate((update, origin, tr) -> { if (origin != "remote") Y.applyUpdate(a, update, "remote"); });
        a.getArray("list").push(List.of("a1", "a2"));
        b.getArray("list").insert(1, List.of("b1"));
        a.getMap("m").set("k", "from a");
        b.getMap("m").set("k", "from b");
        YMap nested = new YMap();
        a.getArray("list").push(List.of(nested));
        ((YMap) b.getArray("list").get(3)).set("x", 1);
        assertEquals(List.of("a1", "b1", "a2", Map.of("x", 1L)), a.getArray("list").toJSON());
        assertEquals(a.toJSON(), b.toJSON());
        assertEquals("from b", a.getMap("m").get("k"));
        assertEquals(1L, nested.get("x"));
    }

    @Test
    void concurrent_map_sets_converge_on_the_higher_client_id() {
        Doc a = new Doc(1);
        Doc b = new Doc(2);
        a.getMap("m").set("k", "a");
        b.getMap("m").set("k", "b");
        byte[] ua = Y.encodeStateAsUpdate(a);
        byte[] ub = Y.encodeStateAsUpdate(b);
        Y.applyUpdate(a, ub);
        Y.applyUpdate(b, ua);
        assertEquals("b", a.getMap("m").get("k"));
        assertEquals("b", b.getMap("m").get("k"));
    }

    /** Yjs 13.6.33: a child set concurrently in a map that was deleted and collected becomes a GC struct. */
    @Test
    void insert_into_a_concurrently_deleted_and_collected_map_is_accepted_like_yjs() {
        Doc a = new Doc(1);
        Doc b = new Doc(2);
        a.getMap("m").set("k", new YMap());
        Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
        byte[] sv = Y.encodeStateVector(a);
        a.getMap("m").delete("k");
        ((YMap) b.getMap("m").get("k")).set("x", 1);
        byte[] fromB = Y.encodeStateAsUpdate(b, sv);
        assertEquals("01010200280001000178017d0100", HexFormat.of().formatHex(fromB));
        Y.applyUpdate(a, fromB);
        Y.applyUpdate(a, Y.encodeStateAsUpdate(b)); // duplicate delivery changes nothing
        assertEquals(Map.of("m", Map.of()), a.toJSON());
        assertEquals("0201020000010101002101016d016b01020201000101010001",
                HexFormat.of().formatHex(Y.encodeStateAsUpdate(a)));
    }

    /** Three replicas edit concurrently, updates arrive late and shuffled; all end equal. */
    @Test
    void random_concurrent_edits_with_delayed_delivery_converge() {
        for (int seed = 1; seed <= 20; seed++) {
            Random rnd = new Random(seed);
            List<Doc> docs = List.of(new Doc(10), new Doc(20), new Doc(30, false));
            List<List<byte[]>> inbox = new ArrayList<>();
            for (Doc d : docs) {
                inbox.add(new ArrayList<>());
            }
            for (int i = 0; i < docs.size(); i++) {
                int self = i;
                docs.get(i).onUpdate((update, origin, tr) -> {
                    for (int j = 0; j < docs.size(); j++) {
                        if (j != self) {
                            inbox.get(j).add(update);
                        }
                    }
                });
            }
            for (int step = 0; step < 300; step++) {
                int i = rnd.nextInt(docs.size());
                Doc d = docs.get(i);
                if (rnd.nextInt(4) == 0 && !inbox.get(i).isEmpty()) {
                    List<byte[]> box = inbox.get(i);
                    byte[] update = box.remove(rnd.nextInt(box.size()));
                    Y.applyUpdate(d, update);
                    continue;
                }
                randomEdit(rnd, d);
            }
            for (int round = 0; round < 2; round++) {
                for (int i = 0; i < docs.size(); i++) {
                    List<byte[]> box = inbox.get(i);
                    while (!box.isEmpty()) {
                        Y.applyUpdate(docs.get(i), box.remove(box.size() - 1));
                    }
                }
            }
            for (Doc d : docs) {
                assertEquals(docs.get(0).toJSON(), d.toJSON(), "seed " + seed);
                assertArrayEquals(Y.encodeStateVector(docs.get(0)), Y.encodeStateVector(d), "seed " + seed);
            }
        }
    }

    private static void randomEdit(Random rnd, Doc d) {
        YArray list = d.getArray("list");
        YMap map = d.getMap("map");
        int op = rnd.nextInt(7);
        if (op <= 2) {
            int index = rnd.nextInt(list.length() + 1);
            List<Object> values = new ArrayList<>();
            for (int k = rnd.nextInt(3); k >= 0; k--) {
                values.add(rnd.nextInt(3) == 0 ? "s" + rnd.nextInt(100) : rnd.nextInt(1000));
            }
            if (rnd.nextInt(6) == 0) {
                values.add(new YMap(Map.of("n", rnd.nextInt(5))));
            }
            list.insert(index, values);
        } else if (op == 3 && list.length() > 0) {
            int index = rnd.nextInt(list.length());
            list.delete(index, 1 + rnd.nextInt(Math.min(3, list.length() - index)));
        } else if (op == 4) {
            map.set("k" + rnd.nextInt(4), rnd.nextBoolean() ? rnd.nextInt(100) : List.of("v", rnd.nextInt(9)));
        } else if (op == 5) {
            map.delete("k" + rnd.nextInt(4));
        } else {
            d.transact(tr -> {
                list.push(List.of(rnd.nextInt(50)));
                if (list.length() > 1) {
                    list.delete(0);
                }
                if (map.get("k0") instanceof YMap) {
                    return;
                }
                map.set("k0", new YMap(Map.of("deep", List.of(1, 2))));
            });
        }
    }

    /**
     * 3000 seeded inserts, deletes and pushes (Park-Miller generator, so Yjs can replay them): with
     * search markers in play the update equals Yjs 13.6.33's byte for byte (compared by SHA-256).
     */
    @Test
    void long_random_edit_sequence_matches_yjs_bytes() throws Exception {
        long[] x = {12345};
        java.util.function.IntUnaryOperator rnd = n -> {
            x[0] = (x[0] * 48271) % 2147483647L;
            return (int) (x[0] % n);
        };
        Doc doc = new Doc(11);
        YArray a = doc.getArray("a");
        int[] v = {0};
        for (int i = 0; i < 3000; i++) {
            int op = rnd.applyAsInt(10);
            doc.transact(tr -> {
                if (op < 5 || a.length() == 0) {
                    int idx = rnd.applyAsInt(a.length() + 1);
                    int k = 1 + rnd.applyAsInt(3);
                    List<Object> vals = new ArrayList<>();
                    for (int j = 0; j < k; j++) {
                        vals.add(v[0]++);
                    }
                    a.insert(idx, vals);
                } else if (op < 8) {
                    int idx = rnd.applyAsInt(a.length());
                    int len = 1 + rnd.applyAsInt(Math.min(3, a.length() - idx));
                    a.delete(idx, len);
                } else if (op < 9) {
                    a.push(List.of(v[0]++));
                } else {
                    int idx = rnd.applyAsInt(a.length());
                    a.get(idx);
                    a.insert(idx, List.of(v[0]++));
                    a.delete(rnd.applyAsInt(a.length()), 1);
                }
            });
        }
        byte[] update = Y.encodeStateAsUpdate(doc);
        assertEquals(1478, a.length());
        assertEquals(26667, update.length);
        assertEquals("004fe9f8b49fd52bc2c54b17a3d73d127db87778282f4bc260a00cbae971f636",
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(update)));
    }
}
