package dev.promptcards.crdt.fuzz;

import dev.promptcards.crdt.Doc;
import dev.promptcards.crdt.Y;
import dev.promptcards.crdt.YArray;
import dev.promptcards.crdt.YMap;
import dev.promptcards.crdt.YText;
import dev.promptcards.crdt.YXmlElement;
import dev.promptcards.crdt.YXmlFragment;
import dev.promptcards.crdt.YXmlText;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Valid v1 updates for the fuzzers to start from, written by our encoder (byte-identical with Yjs 13.6,
 * as the golden vector tests check): every content type (string, formatted text and embeds, any/JSON
 * values, binary, nested types, XML, a subdocument), deletions, garbage-collected structs, and updates
 * of a document with two clients, whole and as the separate transactions a client sends. A fuzzer that
 * mutates well-formed updates reaches the struct integration; random bytes rarely pass the header.
 */
final class ValidUpdates {

    private ValidUpdates() {
    }

    /**
     * The incremental updates of one editing session followed by the whole state of its document.
     *
     * @param gc whether deleted content is garbage-collected (GC structs) or kept (ContentDeleted)
     * @return the updates, each one valid on its own (some wait for others as pending structs)
     */
    static List<byte[]> all(boolean gc) {
        List<byte[]> updates = new ArrayList<>();
        Doc a = new Doc(1, gc);
        Doc b = new Doc(2, gc);
        a.onUpdate((update, origin, transaction) -> updates.add(update));
        b.onUpdate((update, origin, transaction) -> updates.add(update));

        YText text = a.getText("template");
        text.insert(0, "Summarize {{text}} in one sentence.");
        text.format(0, 9, Map.of("bold", true));
        text.insert(5, "é😀", Map.of("italic", true, "color", "#f00"));
        text.insertEmbed(3, Map.of("image", "x.png"));
        text.delete(10, 4);

        YMap model = a.getMap("model");
        model.set("provider", "echo");
        model.set("temperature", 0.7);
        model.set("maxTokens", 256L);
        model.set("stop", List.of("\n", 1L, false, Map.of("k", List.of())));
        model.set("nothing", null);
        model.set("bytes", new byte[] {0, 1, 2, (byte) 255});
        model.set("big", 1L << 60);
        model.delete("nothing");

        YArray tests = a.getArray("tests");
        YMap test = new YMap();
        tests.push(List.of(test));
        test.set("id", "0b7c5a57-3c2e-4c6e-9d8e-3b1f0a2c4d5e");
        test.set("name", new YText("first"));
        YArray asserts = new YArray();
        test.set("assert", asserts);
        asserts.push(List.of(Map.of("type", "contains", "value", "x"), 2.5, "s"));
        tests.insert(0, List.of(1L, "two", List.of(3L)));
        tests.delete(1, 1);

        YXmlFragment xml = a.getXmlFragment("xml");
        YXmlElement paragraph = new YXmlElement("p");
        xml.push(List.of(paragraph, new YXmlText()));
        paragraph.setAttribute("class", "lead");
        paragraph.push(List.of(new YXmlText()));

        a.getMap("docs").set("sub", new Doc());

        // a second client edits concurrently, then they exchange their states
        Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
        b.getText("template").insert(2, "Bob");
        b.getText("template").delete(0, 3);
        b.getArray("tests").push(List.of(Map.of("nested", Map.of("deep", List.of(true)))));
        a.getText("template").insert(0, "A:");
        Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
        Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));

        List<byte[]> all = new ArrayList<>(updates);
        all.add(Y.encodeStateAsUpdate(a));
        all.add(Y.mergeUpdates(updates));
        return all;
    }

    /** A small named set for Jazzer's seed corpus: each name a test case in regression mode. */
    static Map<String, byte[]> named() {
        Map<String, byte[]> named = new LinkedHashMap<>();
        List<byte[]> kept = all(false);
        List<byte[]> collected = all(true);
        for (int i = 0; i < kept.size(); i++) {
            named.put("update " + i, kept.get(i));
        }
        named.put("whole document, garbage-collected", collected.getLast());
        named.put("empty update", new byte[] {0, 0});
        return named;
    }
}
