package dev.promptcards.crdt.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.promptcards.crdt.Doc;
import dev.promptcards.crdt.Y;
import dev.promptcards.crdt.YText;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Two or more Java docs editing one text concurrently, and Yjs's formatting cleanup after remote changes. */
class YTextConcurrencyTest {

    private static Map<String, Object> attrs(Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return m;
    }

    private static Map<String, Object> op(Object insert, Map<String, Object> attributes) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("insert", insert);
        if (attributes != null) {
            m.put("attributes", attributes);
        }
        return m;
    }

    /** Sends everything {@code from} has that {@code to} lacks. */
    private static void sync(Doc from, Doc to) {
        Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)));
    }

    private static void syncAll(Doc... docs) {
        for (Doc a : docs) {
            for (Doc b : docs) {
                if (a != b) {
                    sync(a, b);
                }
            }
        }
    }

    @Test
    void concurrent_inserts_at_the_same_place_put_the_lower_client_first() {
        Doc a = new Doc(1);
        Doc b = new Doc(2);
        a.getText("t").insert(0, "hello");
        b.getText("t").insert(0, "world");
        syncAll(a, b);
        assertEquals("helloworld", a.getText("t").toString());
        assertEquals("helloworld", b.getText("t").toString());
    }

    @Test
    void concurrent_insert_and_delete_converge() {
        Doc a = new Doc(1);
        Doc b = new Doc(2);
        a.getText("t").insert(0, "abcdef");
        syncAll(a, b);
        a.getText("t").delete(1, 3);
        b.getText("t").insert(2, "XY");
        b.getText("t").delete(5, 1);
        syncAll(a, b);
        assertEquals("aXYef", a.getText("t").toString());
        assertEquals("aXYef", b.getText("t").toString());
        assertEquals(5, b.getText("t").length());
    }

    /** Yjs testDeltaAfterConcurrentFormatting. */
    @Test
    void concurrent_overlapping_formats_converge_to_the_same_delta() {
        Doc a = new Doc(1);
        Doc b = new Doc(2);
        YText ta = a.getText("t");
        YText tb = b.getText("t");
        ta.insert(0, "abcde");
        syncAll(a, b);
        ta.format(0, 3, attrs("bold", true));
        tb.format(2, 2, attrs("bold", true));
        syncAll(a, b);
        // Yjs's toDelta starts a new op at every format item, redundant ones (2:0, 2:1) included
        List<Map<String, Object>> expected = List.of(op("ab", attrs("bold", true)), op("c", attrs("bold", true)),
                op("d", null), op("e", null));
        assertEquals(expected, ta.toDelta());
        assertEquals(expected, tb.toDelta());
    }

    /** Yjs testFormattingBug. */
    @Test
    void a_format_made_on_both_sides_before_syncing_converges() {
        Doc a = new Doc(1);
        Doc b = new Doc(2);
        YText ta = a.getText("t");
        ta.insert(0, "\n\n\n");
        ta.format(0, 3, attrs("url", "http://example.com"));
        ta.format(1, 1, attrs("url", "http://docs.yjs.dev"));
        b.getText("t").format(1, 1, attrs("url", "http://docs.yjs.dev"));
        Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
        List<Map<String, Object>> expected = List.of(
                op("\n", attrs("url", "http://example.com")),
                op("\n", attrs("url", "http://docs.yjs.dev")),
                op("\n", attrs("url", "http://example.com")));
        assertEquals(expected, ta.toDelta());
        assertEquals(expected, b.getText("t").toDelta());
    }

    /**
     * A remote deletion of the text between a format end and a format start of the same key leaves two
     * format items of that key in one gap; the receiver's cleanup (Yjs cleanupContextlessFormattingGap)
     * deletes the farther one in a local transaction of its own, which it sends like any change.
     */
    @Test
    void formatting_cleanup_after_a_remote_delete_removes_the_redundant_format_item() {
        Doc a = new Doc(1);
        Doc b = new Doc(2);
        YText ta = a.getText("t");
        YText tb = b.getText("t");
        ta.insert(0, "abc"); // 1:0-2
        sync(a, b);
        tb.format(0, 1, attrs("bold", true)); // 2:0 bold=true before a, 2:1 bold=null after a
        tb.format(2, 1, attrs("bold", true)); // 2:2 bold=true before c, 2:3 bold=null after c

        List<byte[]> emittedByB = new ArrayList<>();
        b.onUpdate((u, origin, tx) -> emittedByB.add(u));
        List<byte[]> emittedByA = new ArrayList<>();
        a.onUpdate((u, origin, tx) -> emittedByA.add(u));
        ta.delete(1, 1); // b, concurrently with the formatting
        assertEquals(1, emittedByA.size());
        Y.applyUpdate(b, emittedByA.get(0));

        // the applied update (no structs, deletes 1:1), then b's cleanup (no structs, deletes 2:1)
        assertEquals(2, emittedByB.size());
        assertArrayEquals(new byte[] {0, 1, 1, 1, 1, 1}, emittedByB.get(0));
        assertArrayEquals(new byte[] {0, 1, 2, 1, 1, 1}, emittedByB.get(1));
        List<Map<String, Object>> expected = List.of(op("a", attrs("bold", true)), op("c", attrs("bold", true)));
        assertEquals(expected, tb.toDelta());

        // a receives everything and has nothing to clean up itself
        sync(b, a);
        assertEquals(2, emittedByA.size());
        assertEquals(expected, ta.toDelta());
        assertArrayEquals(Y.encodeStateVector(a), Y.encodeStateVector(b));
    }

    @Test
    void a_local_delete_cleans_up_the_formatting_gap_itself() {
        Doc a = new Doc(1);
        Doc b = new Doc(2);
        YText ta = a.getText("t");
        YText tb = b.getText("t");
        ta.insert(0, "axb");
        ta.format(0, 1, attrs("bold", true)); // 1:3 bold=true, 1:4 bold=null
        ta.format(2, 1, attrs("bold", true)); // 1:5 bold=true, 1:6 bold=null
        sync(a, b);
        List<byte[]> emittedByA = new ArrayList<>();
        a.onUpdate((u, origin, tx) -> emittedByA.add(u));
        List<byte[]> emittedByB = new ArrayList<>();
        b.onUpdate((u, origin, tx) -> emittedByB.add(u));
        ta.delete(1, 1);
        // x (1:1) and the format items around it (1:4, 1:5) in one update
        assertEquals(1, emittedByA.size());
        assertArrayEquals(new byte[] {0, 1, 1, 2, 1, 1, 4, 2}, emittedByA.get(0));
        Y.applyUpdate(b, emittedByA.get(0));
        assertEquals(1, emittedByB.size());
        assertEquals(List.of(op("ab", attrs("bold", true))), tb.toDelta());
    }

    @Test
    void local_deletes_do_not_trigger_the_remote_cleanup() {
        Doc a = new Doc(1);
        YText ta = a.getText("t");
        ta.insert(0, "axb");
        ta.format(0, 1, attrs("bold", true));
        ta.format(2, 1, attrs("bold", true));
        List<byte[]> emitted = new ArrayList<>();
        a.onUpdate((u, origin, tx) -> emitted.add(u));
        ta.delete(1, 1);
        assertEquals(1, emitted.size());
        assertEquals(List.of(op("ab", attrs("bold", true))), ta.toDelta());
    }

    @Test
    void random_concurrent_edits_with_formatting_converge() {
        Random random = new Random(20240611);
        for (int round = 0; round < 30; round++) {
            Doc[] docs = {new Doc(10), new Doc(20), new Doc(30)};
            for (Doc d : docs) {
                d.getText("t");
            }
            for (int step = 0; step < 60; step++) {
                Doc d = docs[random.nextInt(docs.length)];
                randomEdit(random, d.getText("t"));
                if (random.nextInt(6) == 0) {
                    sync(docs[random.nextInt(docs.length)], docs[random.nextInt(docs.length)]);
                }
            }
            syncAll(docs);
            syncAll(docs); // cleanups made while syncing travel too
            String text = docs[0].getText("t").toString();
            List<Map<String, Object>> delta = docs[0].getText("t").toDelta();
            for (Doc d : docs) {
                assertEquals(text, d.getText("t").toString(), "round " + round);
                assertEquals(delta, d.getText("t").toDelta(), "round " + round);
                assertEquals(text.length() + embeds(delta), d.getText("t").length(), "round " + round);
            }
        }
    }

    private static int embeds(List<Map<String, Object>> delta) {
        int n = 0;
        for (Map<String, Object> op : delta) {
            if (!(op.get("insert") instanceof String)) {
                n++;
            }
        }
        return n;
    }

    private static final String[] KEYS = {"bold", "italic", "color"};

    static Map<String, Object> randomAttrs(Random random, boolean allowNull) {
        Map<String, Object> m = new LinkedHashMap<>();
        int n = 1 + random.nextInt(2);
        for (int i = 0; i < n; i++) {
            String key = KEYS[random.nextInt(KEYS.length)];
            int v = random.nextInt(allowNull ? 4 : 3);
            m.put(key, switch (v) {
                case 0 -> true;
                case 1 -> "red";
                case 2 -> (long) random.nextInt(3);
                default -> null;
            });
        }
        return m;
    }

    static void randomEdit(Random random, YText t) {
        int len = t.length();
        switch (random.nextInt(6)) {
            case 0, 1 -> t.insert(random.nextInt(len + 1), "w" + random.nextInt(100));
            case 2 -> t.insert(random.nextInt(len + 1), "f" + random.nextInt(10), randomAttrs(random, false));
            case 3 -> {
                if (len > 0) {
                    int i = random.nextInt(len);
                    t.delete(i, 1 + random.nextInt(Math.min(4, len - i)));
                }
            }
            case 4 -> {
                if (len > 0) {
                    int i = random.nextInt(len);
                    t.format(i, 1 + random.nextInt(Math.min(5, len - i)), randomAttrs(random, true));
                }
            }
            default -> t.insertEmbed(random.nextInt(len + 1), Map.of("img", "p" + random.nextInt(5)));
        }
    }
}
