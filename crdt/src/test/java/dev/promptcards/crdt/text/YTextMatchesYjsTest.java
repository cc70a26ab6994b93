package dev.promptcards.crdt.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.promptcards.crdt.Doc;
import dev.promptcards.crdt.Y;
import dev.promptcards.crdt.YXmlFragment;
import dev.promptcards.crdt.YXmlText;
import dev.promptcards.crdt.testing.JavaOps;
import dev.promptcards.crdt.testing.Ops;
import dev.promptcards.crdt.testing.TaggedJson;
import dev.promptcards.crdt.testing.YjsNode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The same text edits on Java docs and on real Yjs docs (same client ids) emit byte-identical updates,
 * including the updates of Yjs's formatting cleanup after remote changes.
 */
class YTextMatchesYjsTest {

    private static final HexFormat HEX = HexFormat.of();

    private static List<String> hex(List<byte[]> updates) {
        List<String> out = new ArrayList<>();
        for (byte[] u : updates) {
            out.add(HEX.formatHex(u));
        }
        return out;
    }

    /** A Java doc and its Yjs twin. */
    private static final class Pair {
        final String name;
        final Doc doc;
        final List<byte[]> emitted = new ArrayList<>();

        Pair(YjsNode node, String name, long clientId) {
            this.name = name;
            this.doc = new Doc(clientId);
            node.newDoc(name, clientId);
            doc.onUpdate((u, origin, tx) -> emitted.add(u));
        }

        List<byte[]> drain() {
            List<byte[]> out = List.copyOf(emitted);
            emitted.clear();
            return out;
        }
    }

    private static void runOnBoth(YjsNode node, Pair p, Map<String, Object> op, String context) {
        List<byte[]> yjs = node.script(p.name, List.of(op));
        JavaOps.run(p.doc, List.of(op));
        assertEquals(hex(yjs), hex(p.drain()), context + ": updates of " + op);
    }

    private static void syncBoth(YjsNode node, Pair from, Pair to, String context) {
        byte[] yjsUpdate = node.encodeStateAsUpdate(from.name, node.encodeStateVector(to.name));
        byte[] javaUpdate = Y.encodeStateAsUpdate(from.doc, Y.encodeStateVector(to.doc));
        assertEquals(HEX.formatHex(yjsUpdate), HEX.formatHex(javaUpdate), context + ": sync update");
        List<byte[]> yjsEmitted = node.applyUpdate(to.name, yjsUpdate);
        Y.applyUpdate(to.doc, javaUpdate);
        assertEquals(hex(yjsEmitted), hex(to.drain()), context + ": updates emitted by applying it");
    }

    private static Map<String, Object> randomOp(Random random, int len) {
        switch (random.nextInt(7)) {
            case 0, 1:
                return Ops.textInsert("t", random.nextInt(len + 1), randomWord(random));
            case 2:
                return Ops.textInsert("t", random.nextInt(len + 1), randomWord(random),
                        YTextConcurrencyTest.randomAttrs(random, random.nextBoolean()));
            case 3:
                if (len > 0) {
                    int i = random.nextInt(len);
                    return Ops.textDelete("t", i, 1 + random.nextInt(Math.min(5, len - i)));
                }
                return Ops.textInsert("t", 0, "z");
            case 4:
                if (len > 0) {
                    int i = random.nextInt(len);
                    // sometimes past the end (Yjs appends newlines)
                    int l = 1 + random.nextInt(Math.min(6, len - i) + (random.nextInt(8) == 0 ? 2 : 0));
                    return Ops.textFormat("t", i, l, YTextConcurrencyTest.randomAttrs(random, true));
                }
                return Ops.textInsert("t", 0, "y", Map.of("bold", true));
            case 5:
                if (random.nextBoolean()) {
                    return Ops.textInsertEmbed("t", random.nextInt(len + 1), Map.of("img", "p" + random.nextInt(3)));
                }
                return Ops.textInsertEmbed("t", random.nextInt(len + 1), Map.of("img", "q"),
                        YTextConcurrencyTest.randomAttrs(random, false));
            default:
                if (len > 0) {
                    return Ops.textDelete("t", random.nextInt(len), 1);
                }
                return Ops.textInsert("t", 0, "\uD83D\uDC7Ex");
        }
    }

    private static String randomWord(Random random) {
        String[] words = {"a", "bc", "def", "\uD83D\uDC7E", "\n", "xy z"};
        return words[random.nextInt(words.length)];
    }

    @Test
    void random_text_edits_on_two_docs_emit_the_same_updates_as_yjs() {
        YjsNode node = YjsNode.shared();
        for (int seed = 1; seed <= 25; seed++) {
            Random random = new Random(seed);
            Pair a = new Pair(node, "ytext-a-" + seed, 1);
            Pair b = new Pair(node, "ytext-b-" + seed, 2);
            Pair[] pairs = {a, b};
            // type the roots first so remote changes reach a YText (needed for Yjs's cleanup)
            for (Pair p : pairs) {
                runOnBoth(node, p, Ops.textInsert("t", 0, ""), "seed " + seed);
            }
            for (int step = 0; step < 80; step++) {
                Pair p = pairs[random.nextInt(2)];
                String context = "seed " + seed + " step " + step;
                runOnBoth(node, p, randomOp(random, p.doc.getText("t").length()), context);
                if (random.nextInt(5) == 0) {
                    Pair from = pairs[random.nextInt(2)];
                    syncBoth(node, from, from == a ? b : a, context);
                }
            }
            syncBoth(node, a, b, "seed " + seed + " final");
            syncBoth(node, b, a, "seed " + seed + " final");
            syncBoth(node, a, b, "seed " + seed + " final 2");
            for (Pair p : pairs) {
                Object yjsDelta = node.delta(p.name, "t");
                assertEquals(TaggedJson.canonicalTagged(yjsDelta),
                        TaggedJson.canonical(TaggedJson.toTagged(p.doc.getText("t").toDelta())),
                        "seed " + seed + ": delta of " + p.name);
                node.dropDoc(p.name);
            }
        }
    }

    @Test
    void a_text_embedded_in_a_map_with_prelim_content_matches_yjs() {
        YjsNode node = YjsNode.shared();
        Pair p = new Pair(node, "ytext-prelim", 7);
        runOnBoth(node, p, Ops.mapSet("m", "k", Ops.yText("hello")), "prelim");
        runOnBoth(node, p, Ops.textInsert(List.of("m", "k"), 5, " you", Map.of("bold", true)), "nested insert");
        runOnBoth(node, p, Ops.textFormat(List.of("m", "k"), 0, 3, Map.of("italic", true)), "nested format");
        node.dropDoc(p.name);
    }

    @Test
    void xml_text_renders_and_encodes_like_yjs() {
        YjsNode node = YjsNode.shared();
        Pair p = new Pair(node, "yxmltext", 9);
        node.script(p.name, List.of(Ops.rootType(Ops.op("xml.insertText", "x", "index", 0, "text", ""), "xml")));
        YXmlFragment fragment = p.doc.getXmlFragment("x");
        fragment.insert(0, List.of(new YXmlText()));
        YXmlText xt = (YXmlText) fragment.get(0);
        assertEquals(hex(List.of(node.encodeStateAsUpdate(p.name))), hex(List.of(Y.encodeStateAsUpdate(p.doc))));
        p.drain();

        List<Object[]> edits = List.of(
                new Object[] {0, "plain ", null},
                new Object[] {6, "bold", Map.of("bold", Map.of())},
                new Object[] {10, " link", Map.of("a", linkedMap("id", 1L, "href", "x.html"))},
                new Object[] {15, " red", Map.of("color", "red")},
                new Object[] {19, " two", linkedMap("strong", true, "em", List.of("u", 2L))});
        for (Object[] edit : edits) {
            @SuppressWarnings("unchecked")
            Map<String, Object> attrs = (Map<String, Object>) edit[2];
            Map<String, Object> op = attrs == null
                    ? Ops.textInsert(List.of("x", 0), (Integer) edit[0], (String) edit[1])
                    : Ops.textInsert(List.of("x", 0), (Integer) edit[0], (String) edit[1], attrs);
            Ops.rootType(op, "xml");
            List<byte[]> yjs = node.script(p.name, List.of(op));
            if (attrs == null) {
                xt.insert((Integer) edit[0], (String) edit[1]);
            } else {
                xt.insert((Integer) edit[0], (String) edit[1], attrs);
            }
            assertEquals(hex(yjs), hex(p.drain()), "updates of " + op);
        }
        Object yjsString = node.call("typeJson", Map.of("doc", p.name, "path", List.of("x", 0), "rootType", "xml"));
        assertEquals(yjsString, xt.toString());
        assertEquals("plain <bold>bold</bold><a href=\"x.html\" id=\"1\"> link</a>"
                + "<color 0=\"r\" 1=\"e\" 2=\"d\"> red</color><em 0=\"u\" 1=\"2\"><strong> two</strong></em>",
                xt.toString());
        assertEquals(xt.toString(), xt.toJSON());
        node.dropDoc(p.name);
    }

    private static Map<String, Object> linkedMap(Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return m;
    }

    static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
