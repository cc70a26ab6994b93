package dev.promptcards.crdt;

import dev.promptcards.crdt.lib0.JsJson;
import dev.promptcards.crdt.lib0.Undefined;
import dev.promptcards.crdt.testing.Craft;
import dev.promptcards.crdt.testing.JavaOps;
import dev.promptcards.crdt.testing.Ops;
import dev.promptcards.crdt.testing.TaggedJson;
import dev.promptcards.crdt.testing.YjsNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.function.Executable;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.promptcards.crdt.testing.Hex.assertBytes;
import static dev.promptcards.crdt.testing.Ops.arrayDelete;
import static dev.promptcards.crdt.testing.Ops.arrayInsert;
import static dev.promptcards.crdt.testing.Ops.arrayPush;
import static dev.promptcards.crdt.testing.Ops.arrayUnshift;
import static dev.promptcards.crdt.testing.Ops.mapDelete;
import static dev.promptcards.crdt.testing.Ops.mapSet;
import static dev.promptcards.crdt.testing.Ops.textDelete;
import static dev.promptcards.crdt.testing.Ops.textFormat;
import static dev.promptcards.crdt.testing.Ops.textInsert;
import static dev.promptcards.crdt.testing.Ops.textInsertEmbed;
import static dev.promptcards.crdt.testing.Ops.transact;
import static dev.promptcards.crdt.testing.Ops.yArray;
import static dev.promptcards.crdt.testing.Ops.yMap;
import static dev.promptcards.crdt.testing.Ops.yText;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Golden vectors for the Yjs update format v1, judged by real Yjs 13.6.33: every struct kind (Item, GC,
 * Skip), every content kind (Deleted, JSON, Binary, String, Embed, Format, Type with all seven type refs,
 * Any, Doc), delete sets and state vectors.
 *
 * <p>A scenario is one list of ops run by Yjs ({@code script}) and by Java ({@link JavaOps}, the public
 * API) with the same client id; then the per-transaction updates, {@code encodeStateAsUpdate}, the state
 * vector, the JSON and the text deltas must be identical, and Yjs's bytes applied to a fresh Java doc
 * must re-encode exactly as Yjs re-encodes them. Where Java has no creating API (XML types, ContentJSON,
 * hand-made GC/Skip) the bytes come from Yjs and only decode-and-re-encode is checked.
 */
class UpdateGoldenVectorsTest {

    private static YjsNode node;
    private static final AtomicInteger DOCS = new AtomicInteger();
    private String testName;

    @BeforeAll
    static void startNode() {
        node = YjsNode.shared();
    }

    @org.junit.jupiter.api.BeforeEach
    void name(TestInfo info) {
        testName = info.getTestMethod().map(m -> m.getName()).orElse("test");
    }

    private String docName(String suffix) {
        return testName + "#" + suffix + "#" + DOCS.incrementAndGet();
    }

    // ------------------------------------------------------------------------------------------
    // scenarios run on both sides

    private final class Scenario {
        final long client;
        final boolean gc;
        final List<Object> steps = new ArrayList<>(); // List<Map> op lists, or byte[] remote updates
        final Map<String, Doc> subdocs = new HashMap<>();
        final Map<String, String> kinds = new LinkedHashMap<>();
        /** The Yjs doc of the last {@link #check()}. */
        String yjsDoc;

        Scenario(long client, boolean gc) {
            this.client = client;
            this.gc = gc;
        }

        @SafeVarargs
        final Scenario ops(Map<String, Object>... ops) {
            steps.add(List.of(ops));
            JavaOps.rootKinds(List.of(ops)).forEach(kinds::putIfAbsent);
            return this;
        }

        /** An update from elsewhere, applied to both docs. */
        Scenario remote(byte[] update) {
            steps.add(update);
            return this;
        }

        Scenario kind(String root, String kind) {
            kinds.put(root, kind);
            return this;
        }

        Scenario subdoc(Doc d) {
            subdocs.put(d.guid(), d);
            return this;
        }

        /** Runs the steps on both sides and checks everything; returns the updates Yjs emitted. */
        @SuppressWarnings("unchecked")
        List<byte[]> check() {
            String y = docName("main");
            yjsDoc = y;
            node.newDoc(y, client, gc);
            Doc doc = new Doc(client, gc);
            List<byte[]> javaUpdates = new ArrayList<>();
            doc.onUpdate((update, origin, tr) -> javaUpdates.add(update));
            JavaOps java = new JavaOps(doc, subdocs);
            List<byte[]> yjsUpdates = new ArrayList<>();
            int stepNo = 0;
            for (Object step : steps) {
                stepNo++;
                int before = javaUpdates.size();
                List<byte[]> fromYjs;
                if (step instanceof byte[] remote) {
                    fromYjs = node.applyUpdate(y, remote);
                    Y.applyUpdate(doc, remote);
                } else {
                    fromYjs = node.script(y, (List<Map<String, Object>>) step);
                    java.run((List<Map<String, Object>>) step);
                }
                List<byte[]> fromJava = javaUpdates.subList(before, javaUpdates.size());
                for (int i = 0; i < Math.min(fromYjs.size(), fromJava.size()); i++) {
                    assertSameUpdate(fromYjs.get(i), fromJava.get(i), "step " + stepNo + ", update " + (i + 1) + " of "
                            + fromYjs.size() + " (" + describeStep(step) + ")");
                }
                assertEquals(fromYjs.size(), fromJava.size(), "number of updates emitted by step " + stepNo);
                yjsUpdates.addAll(fromYjs);
            }
            JavaOps.typeRoots(doc, kinds);
            List<Executable> checks = new ArrayList<>();
            checks.add(() -> assertSameUpdate(node.encodeStateAsUpdate(y), Y.encodeStateAsUpdate(doc), "encodeStateAsUpdate"));
            checks.add(() -> assertBytes(node.encodeStateVector(y), Y.encodeStateVector(doc), "encodeStateVector"));
            checks.add(() -> assertSameJson(y, kinds, doc));
            checks.add(() -> assertSameDeltas(y, kinds, doc));
            if (!yjsUpdates.isEmpty()) {
                byte[] sv1 = node.encodeStateVectorFromUpdate(yjsUpdates.get(0));
                checks.add(() -> assertSameUpdate(node.encodeStateAsUpdate(y, sv1), Y.encodeStateAsUpdate(doc, sv1),
                        "encodeStateAsUpdate against the state vector after the first update"));
                checks.add(() -> assertDocFreeFunctionsMatch(yjsUpdates, sv1));
            }
            checks.add(() -> assertDecodesLikeYjs(yjsUpdates, kinds, gc));
            checks.add(() -> assertDecodesLikeYjs(List.of(node.encodeStateAsUpdate(y)), kinds, gc));
            assertAll("scenario " + testName, checks);
            return yjsUpdates;
        }
    }

    private static String describeStep(Object step) {
        String s = step instanceof byte[] b ? "remote update of " + b.length + " bytes" : JsJson.stringify(step);
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }

    private static void assertSameUpdate(byte[] yjs, byte[] java, String what) {
        assertBytes(yjs, java, what, () -> "Yjs's update:  " + node.describeUpdate(yjs)
                + "\nJava's update: " + node.describeUpdate(java));
    }

    private static void assertSameJson(String yjsDoc, Map<String, String> kinds, Doc doc) {
        String expected = TaggedJson.canonicalTagged(node.toJSON(yjsDoc, kinds));
        String actual = TaggedJson.canonical(doc.toJSON());
        assertEquals(expected, actual, "toJSON");
    }

    private static void assertSameDeltas(String yjsDoc, Map<String, String> kinds, Doc doc) {
        kinds.forEach((name, kind) -> {
            if (kind.equals("text")) {
                String expected = JsJson.stringify(node.delta(yjsDoc, name));
                String actual = JsJson.stringify(TaggedJson.toTagged(doc.getText(name).toDelta()));
                assertEquals(expected, actual, "toDelta of text " + name);
            }
        });
    }

    /** Y.mergeUpdates / diffUpdate / encodeStateVectorFromUpdate agree with Yjs on these updates. */
    private static void assertDocFreeFunctionsMatch(List<byte[]> updates, byte[] sv) {
        byte[] merged = node.mergeUpdates(updates);
        assertSameUpdate(merged, Y.mergeUpdates(updates), "mergeUpdates of all " + updates.size() + " updates");
        assertSameUpdate(node.diffUpdate(merged, sv), Y.diffUpdate(merged, sv), "diffUpdate(merged, sv after first update)");
        assertBytes(node.encodeStateVectorFromUpdate(merged), Y.encodeStateVectorFromUpdate(merged), "encodeStateVectorFromUpdate(merged)");
        for (int i = 0; i < updates.size(); i++) {
            assertBytes(node.encodeStateVectorFromUpdate(updates.get(i)), Y.encodeStateVectorFromUpdate(updates.get(i)),
                    "encodeStateVectorFromUpdate(update " + (i + 1) + ")");
        }
    }

    /**
     * Applies the updates in order to a fresh Yjs doc and a fresh Java doc (other client ids): the updates
     * each emits, the state re-encoded, the state vector and the JSON must match.
     */
    private void assertDecodesLikeYjs(List<byte[]> updates, Map<String, String> kinds, boolean gc) {
        String y = docName("replay");
        node.newDoc(y, 777, gc);
        Doc doc = new Doc(778, gc);
        List<byte[]> javaEmitted = new ArrayList<>();
        doc.onUpdate((u, o, t) -> javaEmitted.add(u));
        for (int i = 0; i < updates.size(); i++) {
            int before = javaEmitted.size();
            List<byte[]> yjsEmitted = node.applyUpdate(y, updates.get(i));
            Y.applyUpdate(doc, updates.get(i));
            List<byte[]> mine = javaEmitted.subList(before, javaEmitted.size());
            for (int k = 0; k < Math.min(mine.size(), yjsEmitted.size()); k++) {
                assertSameUpdate(yjsEmitted.get(k), mine.get(k), "update emitted on applying update " + (i + 1));
            }
            assertEquals(yjsEmitted.size(), mine.size(), "number of updates emitted on applying update " + (i + 1));
        }
        JavaOps.typeRoots(doc, kinds);
        assertSameUpdate(node.encodeStateAsUpdate(y), Y.encodeStateAsUpdate(doc), "re-encoded state after applying "
                + updates.size() + " update(s)");
        assertBytes(node.encodeStateVector(y), Y.encodeStateVector(doc), "state vector after applying");
        assertSameJson(y, kinds, doc);
        assertSameDeltas(y, kinds, doc);
    }

    /** Decode-only: Yjs builds the content (script in Yjs only); Java must decode and re-encode it exactly. */
    private List<byte[]> yjsOnly(long client, boolean gc, Map<String, String> kinds, List<Map<String, Object>> ops) {
        String y = docName("yjs-only");
        node.newDoc(y, client, gc);
        List<byte[]> updates = node.script(y, ops);
        assertAll("decode-only " + testName,
                () -> assertDecodesLikeYjs(updates, kinds, gc),
                () -> assertDecodesLikeYjs(List.of(node.encodeStateAsUpdate(y)), kinds, gc),
                () -> {
                    if (!updates.isEmpty()) {
                        assertDocFreeFunctionsMatch(updates, node.encodeStateVectorFromUpdate(updates.get(0)));
                    }
                });
        return updates;
    }

    /** Updates made by another Yjs client (for remote steps). */
    private List<byte[]> remoteUpdates(long client, List<Map<String, Object>> ops) {
        String y = docName("remote");
        node.newDoc(y, client, true);
        return node.script(y, ops);
    }

    private static Map<String, Object> attrs(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    // ------------------------------------------------------------------------------------------
    // ContentString

    @Test
    void text_insert_matches_yjs_bytes() {
        new Scenario(1, true).ops(
                textInsert("t", 0, "hello"),
                textInsert("t", 5, " world"),
                textInsert("t", 0, "X"),
                textInsert("t", 3, "-"),
                transact(textInsert("t", 2, "abc"), textInsert("t", 0, "Z"), textInsert("t", 14, "!")),
                textInsert("other", 0, "second root")).check();
    }

    @Test
    void text_insert_of_unicode_matches_yjs_bytes() {
        new Scenario(42, true).ops(
                textInsert("t", 0, "日本語 ü é"),
                textInsert("t", 3, "😀👍🏽"),
                textInsert("t", 0, "\u0000\u007f\u0080\uffff"),
                textInsert("t", 2, "x".repeat(300))).check();
    }

    @Test
    void text_typed_one_char_at_a_time_matches_yjs_bytes() {
        List<Map<String, Object>> ops = new ArrayList<>();
        String s = "The quick brown fox";
        for (int i = 0; i < s.length(); i++) {
            ops.add(textInsert("t", i, String.valueOf(s.charAt(i))));
        }
        ops.add(textInsert("t", 4, "very "));
        new Scenario(3, true).ops(ops.toArray(Map[]::new)).check();
    }

    // ------------------------------------------------------------------------------------------
    // ContentDeleted, delete sets

    @Test
    void text_delete_matches_yjs_bytes_with_gc() {
        textDeletes(true);
    }

    @Test
    void text_delete_matches_yjs_bytes_without_gc() {
        textDeletes(false);
    }

    private void textDeletes(boolean gc) {
        new Scenario(5, gc).ops(
                textInsert("t", 0, "hello world, hello yjs"),
                textDelete("t", 2, 3),
                textDelete("t", 0, 1),
                transact(textDelete("t", 3, 2), textInsert("t", 3, "AB"), textDelete("t", 10, 4)),
                textInsert("t", 5, "more"),
                textDelete("t", 4, 6)).check();
    }

    @Test
    void delete_set_with_several_clients_matches_yjs_bytes() {
        List<byte[]> a = remoteUpdates(2, List.of(textInsert("t", 0, "from client two"), textDelete("t", 0, 5)));
        List<byte[]> b = remoteUpdates(0xFFFFFFFFL, List.of(textInsert("t", 0, "max client id "),
                arrayPush("arr", 1L, 2L, 3L)));
        Scenario s = new Scenario(7, true);
        a.forEach(s::remote);
        b.forEach(s::remote);
        s.kind("t", "text").kind("arr", "array").ops(
                textDelete("t", 0, 4),
                textDelete("t", 10, 6),
                textInsert("t", 3, "local"),
                arrayDelete("arr", 1, 1),
                transact(textDelete("t", 0, 1), textDelete("t", 5, 2), arrayDelete("arr", 0, 1))).check();
    }

    @Test
    void out_of_order_updates_are_pending_and_encoded_like_yjs() {
        List<byte[]> r = remoteUpdates(9, List.of(textInsert("t", 0, "abc"), textInsert("t", 3, "def"),
                textDelete("t", 1, 3), mapSet("m", "k", "v")));
        Scenario s = new Scenario(10, true).kind("t", "text").kind("m", "map");
        s.remote(r.get(1)).remote(r.get(2)); // missing r0: pending structs and a pending delete set
        s.ops(mapSet("m", "local", 1L));
        s.remote(r.get(3)).remote(r.get(0));
        s.check();
    }

    @Test
    void pending_update_alone_is_encoded_like_yjs() {
        List<byte[]> r = remoteUpdates(9, List.of(textInsert("t", 0, "abc"), textInsert("t", 3, "def")));
        // Java applies only the second update: nothing integrates; encodeStateAsUpdate still carries it
        assertDecodesLikeYjs(List.of(r.get(1)), Map.of("t", "text"), true);
    }

    // ------------------------------------------------------------------------------------------
    // ContentFormat, ContentEmbed

    @Test
    void text_format_matches_yjs_bytes() {
        new Scenario(11, true).ops(
                textInsert("t", 0, "bold", attrs("bold", true)),
                textInsert("t", 4, " plain"),
                textFormat("t", 0, 7, attrs("italic", true)),
                textFormat("t", 2, 3, attrs("bold", null)),
                textInsert("t", 3, "red", attrs("color", "#f00", "size", 12L, "obj", attrs("a", List.of(1L, 2L)))),
                textFormat("t", 0, 100, attrs("italic", null)),
                textInsert("t", 0, "x", attrs("bold", true)),
                transact(textFormat("t", 1, 2, attrs("u", true)), textDelete("t", 2, 1))).check();
    }

    @Test
    void text_embed_matches_yjs_bytes() {
        new Scenario(12, true).ops(
                textInsert("t", 0, "ab"),
                textInsertEmbed("t", 1, attrs("image", "a.png")),
                textInsertEmbed("t", 0, attrs("formula", "e=mc^2", "n", 2.5), attrs("link", "x")),
                textInsertEmbed("t", 4, attrs("nested", attrs("list", List.of(true, false, "x")))),
                textDelete("t", 1, 1)).check();
    }

    // ------------------------------------------------------------------------------------------
    // ContentAny, ContentBinary

    @Test
    void map_set_of_every_any_value_matches_yjs_bytes() {
        Map<String, Object> nested = attrs("a", 1L, "b", Arrays.asList("x", null, true), "c", attrs("d", -0.0, "e", 1.5),
                "u", Undefined.INSTANCE, "10", "index key", "$t", "dollar key");
        new Scenario(13, true).ops(
                mapSet("m", "string", "text"),
                mapSet("m", "int", 42L),
                mapSet("m", "negative", -7L),
                mapSet("m", "int31", 2147483647L),
                mapSet("m", "int32", 2147483648L),
                mapSet("m", "int53", 9007199254740991L),
                mapSet("m", "float32", 1.5),
                mapSet("m", "float64", 0.1),
                mapSet("m", "negzero", -0.0),
                mapSet("m", "nan", Double.NaN),
                mapSet("m", "inf", Double.NEGATIVE_INFINITY),
                mapSet("m", "bigint", new BigInteger("-9223372036854775808")),
                mapSet("m", "true", true),
                mapSet("m", "false", false),
                mapSet("m", "null", null),
                mapSet("m", "undefined", Undefined.INSTANCE),
                mapSet("m", "array", List.of(1L, "two", List.of(), attrs())),
                mapSet("m", "object", nested),
                mapSet("m", "", "empty key"),
                mapSet("m", "ключ 😀", "unicode key")).check();
    }

    @Test
    void map_overwrite_and_delete_match_yjs_bytes() {
        new Scenario(14, true).ops(
                mapSet("m", "a", 1L),
                mapSet("m", "b", 2L),
                mapSet("m", "a", "one"),
                mapDelete("m", "b"),
                transact(mapSet("m", "c", 3L), mapSet("m", "c", 4L), mapDelete("m", "a")),
                mapSet("m", "a", List.of("again")),
                mapDelete("m", "nothing")).check();
    }

    @Test
    void binary_content_matches_yjs_bytes() {
        byte[] big = new byte[300];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 7);
        }
        new Scenario(15, true).ops(
                mapSet("m", "bytes", new byte[] {1, 2, 3}),
                mapSet("m", "empty", new byte[0]),
                mapSet("m", "big", big),
                arrayPush("arr", 1L, new byte[] {9}, 2L, 3L, new byte[] {(byte) 0xff}),
                arrayDelete("arr", 1, 1)).check();
    }

    @Test
    void array_edits_match_yjs_bytes() {
        new Scenario(16, true).ops(
                arrayInsert("arr", 0, 1L, 2L, 3L),
                arrayPush("arr", "a", "b"),
                arrayUnshift("arr", true),
                arrayInsert("arr", 2, "middle", null, -0.0), // Yjs cannot insert undefined into an array (c.constructor)
                arrayDelete("arr", 1, 3),
                transact(arrayPush("arr", attrs("k", "v")), arrayDelete("arr", 0, 1), arrayInsert("arr", 1, 2.5)),
                arrayDelete("arr", 0, 2),
                arrayPush("arr", List.of(List.of(1L)))).check();
    }

    @Test
    void array_push_after_deleted_tail_matches_yjs_bytes() {
        // push goes after the last item even when it is deleted; insert(length) after the last visible one
        new Scenario(17, true).ops(
                arrayPush("arr", 1L, 2L, 3L),
                arrayDelete("arr", 2, 1),
                arrayPush("arr", 4L),
                arrayDelete("arr", 2, 1),
                arrayInsert("arr", 2, 5L)).check();
    }

    // ------------------------------------------------------------------------------------------
    // ContentType (refs 0 YArray, 1 YMap, 2 YText) and nested edits

    @Test
    void nested_types_match_yjs_bytes() {
        new Scenario(18, true).ops(
                mapSet("m", "text", yText("hello")),
                mapSet("m", "map", yMap(attrs("a", 1L, "t", yText("inner"), "arr", yArray(1L, yText("x"), 2L)))),
                mapSet("m", "list", yArray("a", yMap(attrs("k", "v")), "b")),
                textInsert(List.of("m", "text"), 5, " world"),
                mapSet(List.of("m", "map"), "b", 2L),
                textInsert(List.of("m", "map", "t"), 0, ">"),
                arrayPush(List.of("m", "list"), yText("pushed")),
                textInsert(List.of("m", "list", 3), 0, "!"),
                arrayPush("tests", yMap(attrs("id", "t1", "name", yText("case 1"), "vars", yMap()))),
                textInsert(List.of("tests", 0, "name"), 6, " (renamed)")).check();
    }

    @Test
    void empty_nested_types_match_yjs_bytes() {
        new Scenario(19, true).ops(
                mapSet("m", "t", yText()),
                mapSet("m", "m", yMap()),
                mapSet("m", "a", yArray()),
                arrayPush("arr", yText(), yMap(), yArray())).check();
    }

    // ------------------------------------------------------------------------------------------
    // GC structs: deleted nested types with children are collected

    @Test
    void deleted_nested_type_becomes_gc_structs_like_yjs() {
        deletedNested(true);
    }

    @Test
    void deleted_nested_type_without_gc_keeps_its_content_like_yjs() {
        deletedNested(false);
    }

    private void deletedNested(boolean gc) {
        Scenario s = new Scenario(20, gc).ops(
                mapSet("m", "doomed", yMap(attrs("a", 1L, "t", yText("some text"), "l", yArray(1L, 2L)))),
                textInsert(List.of("m", "doomed", "t"), 4, " more"),
                mapSet("m", "keep", "kept"),
                mapDelete("m", "doomed"),
                arrayPush("arr", yText("gone"), yArray(yText("deep"))),
                arrayDelete("arr", 0, 2),
                mapSet("m", "over", yText("first")),
                mapSet("m", "over", "overwritten"));
        s.check();
        String yjsState = node.describeUpdate(node.encodeStateAsUpdate(s.yjsDoc));
        assertEquals(gc, yjsState.contains("\"GC\""), "Yjs's state holds GC structs iff gc is on: " + yjsState);
    }

    @Test
    void gc_struct_in_an_update_is_decoded_and_re_encoded_like_yjs() {
        byte[] update = node.craftUpdate(Craft.update()
                .client(21, 0, Craft.gc(3),
                        Craft.item(Craft.string("abc")).origin(21, 2),
                        Craft.gc(2),
                        Craft.item(Craft.string("z")).origin(21, 7))
                .client(22, 5, Craft.item(Craft.string("root")).parent("t"))
                .build());
        assertDecodesLikeYjs(List.of(update), Map.of("t", "text"), true);
    }

    // ------------------------------------------------------------------------------------------
    // surrogate pairs

    @Test
    void insert_between_surrogate_halves_matches_yjs() {
        new Scenario(23, true).ops(
                textInsert("t", 0, "a😀b"),
                textInsert("t", 2, "X"),
                textInsert("t", 0, "👍🏽"),
                textDelete("t", 1, 1),
                textInsert("t", 3, "Y")).check();
    }

    @Test
    void format_and_delete_across_surrogate_pairs_match_yjs() {
        new Scenario(24, false).ops(
                textInsert("t", 0, "😀😀😀"),
                textFormat("t", 1, 2, attrs("bold", true)),
                textDelete("t", 3, 1),
                textInsert("t", 5, "end")).check();
    }

    // ------------------------------------------------------------------------------------------
    // ContentDoc

    @Test
    void subdocument_matches_yjs_bytes() {
        Doc sub = new Doc(100, true);
        Doc noGc = new Doc(101, false);
        Scenario s = new Scenario(25, true).subdoc(sub).subdoc(noGc);
        s.ops(mapSet("m", "sub", Ops.subdoc(sub.guid())),
                arrayPush("arr", "before", new Ops.SubDoc(noGc.guid(), attrs("gc", false)), "after"));
        s.check();
    }

    @Test
    void subdocument_with_options_is_decoded_and_re_encoded_like_yjs() {
        byte[] update = node.craftUpdate(Craft.update()
                .client(26, 0,
                        Craft.item(Craft.doc("guid-1", attrs("gc", false, "autoLoad", true, "meta", attrs("k", List.of(1L, "x")))))
                                .parent("m").parentSub("d"),
                        Craft.item(Craft.doc("guid-2", attrs())).parent("m").parentSub("e"))
                .build());
        assertDecodesLikeYjs(List.of(update), Map.of("m", "map"), true);
    }

    // ------------------------------------------------------------------------------------------
    // ContentJSON (Yjs reads it, no longer writes it)

    @Test
    void content_json_is_decoded_and_re_encoded_like_yjs() {
        byte[] update = node.craftUpdate(Craft.update()
                .client(27, 0,
                        Craft.item(Craft.json(1L, "a", attrs("b", Arrays.asList(true, null)), Undefined.INSTANCE, 2.5)).parent("arr"),
                        Craft.item(Craft.json("under map")).parent("m").parentSub("k"))
                .build());
        assertDecodesLikeYjs(List.of(update), Map.of("arr", "array", "m", "map"), true);
        // and Java can keep editing around it
        Doc d = new Doc(28, true);
        Y.applyUpdate(d, update);
        String y = docName("json-edit");
        node.newDoc(y, 28, true);
        node.applyUpdate(y, update);
        List<byte[]> yu = node.script(y, List.of(arrayInsert("arr", 2, "inserted"), arrayDelete("arr", 0, 1)));
        List<byte[]> ju = new ArrayList<>();
        d.onUpdate((u, o, t) -> ju.add(u));
        JavaOps.run(d, List.of(arrayInsert("arr", 2, "inserted"), arrayDelete("arr", 0, 1)));
        assertEquals(yu.size(), ju.size());
        for (int i = 0; i < yu.size(); i++) {
            assertSameUpdate(yu.get(i), ju.get(i), "edit next to ContentJSON, update " + (i + 1));
        }
        assertSameUpdate(node.encodeStateAsUpdate(y), Y.encodeStateAsUpdate(d), "state after editing next to ContentJSON");
    }

    // ------------------------------------------------------------------------------------------
    // XML types (refs 3 YXmlElement, 4 YXmlFragment, 5 YXmlHook, 6 YXmlText): decode and re-encode

    @Test
    void xml_types_are_decoded_and_re_encoded_like_yjs() {
        yjsOnly(29, true, Map.of("x", "xml"), List.of(
                Ops.xmlInsertElement("x", 0, "p", attrs("class", "intro", "data-n", "1"), "Hello"),
                Ops.xmlInsertElement("x", 1, "h1", attrs(), "Title"),
                Ops.xmlInsertText("x", 2, "loose text"),
                Ops.xmlInsertHook("x", 3, "widget", attrs("kind", "chart", "n", 3L)),
                Ops.xmlInsertElement(List.of("x", 0), 1, "b", attrs("style", "x"), "nested"),
                Ops.rootType(textInsert(List.of("x", 0, 0), 5, " world"), "xml"),
                Ops.rootType(textFormat(List.of("x", 0, 0), 0, 5, attrs("bold", true)), "xml"),
                Ops.rootType(Ops.xmlSetAttribute(List.of("x", 1), "id", "t"), "xml"),
                Ops.rootType(Ops.xmlRemoveAttribute(List.of("x", 0), "data-n"), "xml"),
                Ops.xmlDelete("x", 2, 1)));
    }

    @Test
    void every_type_ref_is_decoded_and_re_encoded_like_yjs() {
        yjsOnly(30, true, Map.of("types", "map"), List.of(transact(
                mapSet("types", "0 array", yArray(1L)),
                mapSet("types", "1 map", yMap(attrs("k", "v"))),
                mapSet("types", "2 text", yText("t")),
                mapSet("types", "3 element", Ops.yXmlElement("div")),
                mapSet("types", "4 fragment", Ops.yXmlFragment()),
                mapSet("types", "5 hook", Ops.yXmlHook("h")),
                mapSet("types", "6 xml text", Ops.yXmlText("xt")))));
    }

    @Test
    void deleted_xml_is_gc_structs_like_yjs() {
        yjsOnly(31, true, Map.of("x", "xml"), List.of(
                Ops.xmlInsertElement("x", 0, "p", attrs("a", "b"), "text inside"),
                Ops.xmlInsertElement("x", 1, "p", attrs(), "stays"),
                Ops.xmlDelete("x", 0, 1)));
    }

    // ------------------------------------------------------------------------------------------
    // Skip structs, merge, diff, state vectors from updates

    @Test
    void merge_of_non_adjacent_updates_has_a_skip_like_yjs() {
        String y = docName("skip");
        node.newDoc(y, 32, true);
        List<byte[]> u = node.script(y, List.of(textInsert("t", 0, "aaa"), textInsert("t", 3, "bbb"),
                textInsert("t", 6, "ccc"), mapSet("m", "k", "v")));
        List<byte[]> gap = List.of(u.get(0), u.get(2));
        byte[] merged = node.mergeUpdates(gap);
        assertTrue(node.describeUpdate(merged).contains("\"Skip\""), "Yjs wrote a Skip: " + node.describeUpdate(merged));
        assertSameUpdate(merged, Y.mergeUpdates(gap), "mergeUpdates([u1, u3])");
        byte[] merged2 = node.mergeUpdates(List.of(u.get(3), u.get(0), u.get(2)));
        assertSameUpdate(merged2, Y.mergeUpdates(List.of(u.get(3), u.get(0), u.get(2))), "mergeUpdates([u4, u1, u3])");
        assertBytes(node.encodeStateVectorFromUpdate(merged), Y.encodeStateVectorFromUpdate(merged), "encodeStateVectorFromUpdate with a Skip");
        byte[] sv = node.encodeStateVectorFromUpdate(u.get(0));
        assertSameUpdate(node.diffUpdate(merged, sv), Y.diffUpdate(merged, sv), "diffUpdate of a merge with a Skip");
        // an update holding a Skip, applied: the part after the gap is pending
        assertDecodesLikeYjs(List.of(merged), Map.of("t", "text"), true);
        assertDecodesLikeYjs(List.of(merged, u.get(1)), Map.of("t", "text"), true);
    }

    @Test
    void skip_struct_in_a_crafted_update_is_decoded_like_yjs() {
        byte[] update = node.craftUpdate(Craft.update()
                .client(33, 0, Craft.item(Craft.string("ab")).parent("t"), Craft.skip(4),
                        Craft.item(Craft.string("cd")).origin(33, 5))
                .build());
        assertDecodesLikeYjs(List.of(update), Map.of("t", "text"), true);
        assertSameUpdate(node.mergeUpdates(List.of(update)), Y.mergeUpdates(List.of(update)), "mergeUpdates of one update with a Skip");
    }

    @Test
    void merge_and_diff_of_many_clients_match_yjs() {
        List<byte[]> all = new ArrayList<>();
        all.addAll(remoteUpdates(1, List.of(textInsert("t", 0, "one"), mapSet("m", "a", 1L), textDelete("t", 0, 1))));
        all.addAll(remoteUpdates(2, List.of(textInsert("t", 0, "two"), arrayPush("arr", 1L, 2L))));
        all.addAll(remoteUpdates(300000, List.of(mapSet("m", "b", yText("x")), mapDelete("m", "b"))));
        List<List<byte[]>> orders = List.of(all, reversed(all), List.of(all.get(0), all.get(0)), List.of(all.get(2)),
                List.of(), List.of(all.get(1), all.get(3), all.get(5)));
        for (List<byte[]> order : orders) {
            byte[] merged = node.mergeUpdates(order);
            assertSameUpdate(merged, Y.mergeUpdates(order), "mergeUpdates of " + order.size() + " updates");
            assertBytes(node.encodeStateVectorFromUpdate(merged), Y.encodeStateVectorFromUpdate(merged), "state vector of the merge");
            for (byte[] u : all) {
                byte[] sv = node.encodeStateVectorFromUpdate(u);
                assertSameUpdate(node.diffUpdate(merged, sv), Y.diffUpdate(merged, sv), "diffUpdate");
            }
            byte[] emptySv = new byte[] {0};
            assertSameUpdate(node.diffUpdate(merged, emptySv), Y.diffUpdate(merged, emptySv), "diffUpdate against the empty state vector");
        }
    }

    private static <T> List<T> reversed(List<T> l) {
        List<T> r = new ArrayList<>(l);
        java.util.Collections.reverse(r);
        return r;
    }

    @Test
    void state_vectors_match_yjs_bytes() {
        String y = docName("sv");
        node.newDoc(y, 34, true);
        Doc d = new Doc(34, true);
        assertBytes(node.encodeStateVector(y), Y.encodeStateVector(d), "empty state vector");
        assertBytes(node.encodeStateAsUpdate(y), Y.encodeStateAsUpdate(d), "empty doc as update");
        for (long client : new long[] {0, 1, 127, 128, 0xFFFFFFFFL, 1L << 40}) {
            byte[] u = remoteUpdates(client, List.of(textInsert("t", 0, "x".repeat((int) (client % 7) + 1)))).get(0);
            node.applyUpdate(y, u);
            Y.applyUpdate(d, u);
        }
        byte[] sv = node.encodeStateVector(y);
        assertBytes(sv, Y.encodeStateVector(d), "state vector of six clients");
        Map<Long, Long> decoded = node.decodeStateVector(sv);
        assertEquals(decoded, Y.decodeStateVector(sv), "decodeStateVector");
        assertBytes(sv, Y.encodeStateVector(decoded), "encodeStateVector(map)");
        assertBytes(node.encodeStateAsUpdate(y, sv), Y.encodeStateAsUpdate(d, sv), "diff against own state vector");
    }

    @Test
    void client_ids_at_the_limits_match_yjs_bytes() {
        for (long client : new long[] {0L, 0xFFFFFFFFL}) {
            new Scenario(client, true).ops(textInsert("t", 0, "limit"), mapSet("m", "k", 1L), textDelete("t", 0, 2)).check();
        }
    }
}
