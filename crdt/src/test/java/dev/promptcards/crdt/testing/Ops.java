package dev.promptcards.crdt.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builders for the ops of the harness's {@code script} command (see harness.mjs {@code runOp}).
 * A {@code target} is a root name ({@code "t"}) or a path ({@code List.of("root", "key", 0)}): string
 * steps are map keys (or XML attributes), numbers are array / XML child indexes. For a bare root the
 * harness takes the getter from the op (text.* -> getText, map.* -> getMap, array.* -> getArray,
 * xml.* -> getXmlFragment); for a path from the first step (string -> map, number -> array), unless
 * {@link #rootType} says otherwise. Values are Java values (JS value model), or the type specs below.
 */
public final class Ops {

    private Ops() {
    }

    static void putTarget(Map<String, Object> op, Object target) {
        if (target instanceof String name) {
            op.put("name", name);
        } else if (target instanceof List<?> path) {
            op.put("path", path);
        } else {
            throw new IllegalArgumentException("target must be a root name or a path list: " + target);
        }
    }

    /** A raw op: {@code op("text.insert", "t", "index", 0, "text", "a")}. Values are passed as given. */
    public static Map<String, Object> op(String op, Object target, Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("op", op);
        if (target != null) {
            putTarget(m, target);
        }
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return m;
    }

    /** The op with an explicit root getter: "text", "map", "array", "xml" (fragment), "xmlElement". */
    public static Map<String, Object> rootType(Map<String, Object> op, String kind) {
        op.put("rootType", kind);
        return op;
    }

    /** Runs the ops in one transaction. */
    @SafeVarargs
    public static Map<String, Object> transact(Map<String, Object>... ops) {
        return op("transact", null, "ops", List.of(ops));
    }

    // text (YText and YXmlText)

    public static Map<String, Object> textInsert(Object target, int index, String text) {
        return op("text.insert", target, "index", index, "text", text);
    }

    public static Map<String, Object> textInsert(Object target, int index, String text, Map<String, Object> attrs) {
        return op("text.insert", target, "index", index, "text", text, "attrs", TaggedJson.toTagged(attrs));
    }

    public static Map<String, Object> textInsertEmbed(Object target, int index, Object embed) {
        return op("text.insertEmbed", target, "index", index, "embed", value(embed));
    }

    public static Map<String, Object> textInsertEmbed(Object target, int index, Object embed, Map<String, Object> attrs) {
        return op("text.insertEmbed", target, "index", index, "embed", value(embed), "attrs", TaggedJson.toTagged(attrs));
    }

    public static Map<String, Object> textDelete(Object target, int index, int length) {
        return op("text.delete", target, "index", index, "length", length);
    }

    /** Formats a range; a null attribute value removes the attribute. */
    public static Map<String, Object> textFormat(Object target, int index, int length, Map<String, Object> attrs) {
        return op("text.format", target, "index", index, "length", length, "attrs", TaggedJson.toTagged(attrs));
    }

    // map

    public static Map<String, Object> mapSet(Object target, String key, Object value) {
        return op("map.set", target, "key", key, "value", value(value));
    }

    public static Map<String, Object> mapDelete(Object target, String key) {
        return op("map.delete", target, "key", key);
    }

    // array

    public static Map<String, Object> arrayInsert(Object target, int index, Object... values) {
        return op("array.insert", target, "index", index, "values", values(values));
    }

    public static Map<String, Object> arrayPush(Object target, Object... values) {
        return op("array.push", target, "values", values(values));
    }

    public static Map<String, Object> arrayUnshift(Object target, Object... values) {
        return op("array.unshift", target, "values", values(values));
    }

    public static Map<String, Object> arrayDelete(Object target, int index, int length) {
        return op("array.delete", target, "index", index, "length", length);
    }

    // xml (target: a fragment or element; attributes: an element)

    /** Inserts {@code <nodeName attrs...>text</nodeName>} (the text as one YXmlText child; null: no child). */
    public static Map<String, Object> xmlInsertElement(Object target, int index, String nodeName, Map<String, Object> attrs, String text) {
        Map<String, Object> op = op("xml.insertElement", target, "index", index, "nodeName", nodeName,
                "attrs", TaggedJson.toTagged(attrs == null ? Map.of() : attrs));
        if (text != null) {
            op.put("text", text);
        }
        return op;
    }

    public static Map<String, Object> xmlInsertText(Object target, int index, String text) {
        return op("xml.insertText", target, "index", index, "text", text);
    }

    public static Map<String, Object> xmlInsertHook(Object target, int index, String hookName, Map<String, Object> entries) {
        return op("xml.insertHook", target, "index", index, "hookName", hookName, "entries", TaggedJson.toTagged(entries));
    }

    public static Map<String, Object> xmlDelete(Object target, int index, int length) {
        return op("xml.delete", target, "index", index, "length", length);
    }

    public static Map<String, Object> xmlSetAttribute(Object target, String key, Object value) {
        return op("xml.setAttribute", target, "key", key, "value", value(value));
    }

    public static Map<String, Object> xmlRemoveAttribute(Object target, String key) {
        return op("xml.removeAttribute", target, "key", key);
    }

    // values: shared types (prelim), sub-documents, bytes

    /** A marker for a new shared type as a value (harness {@code $type} spec); build with the methods below. */
    public record TypeSpec(Map<String, Object> spec) { }

    public static TypeSpec yText() {
        return type("YText");
    }

    /** A new Y.Text with prelim content. */
    public static TypeSpec yText(String text) {
        TypeSpec t = type("YText");
        t.spec().put("text", text);
        return t;
    }

    public static TypeSpec yMap() {
        return type("YMap");
    }

    /** A new Y.Map with prelim entries. */
    public static TypeSpec yMap(Map<String, Object> entries) {
        TypeSpec t = type("YMap");
        Map<String, Object> e = new LinkedHashMap<>();
        entries.forEach((k, v) -> e.put(k, value(v)));
        t.spec().put("entries", e);
        return t;
    }

    public static TypeSpec yArray(Object... items) {
        TypeSpec t = type("YArray");
        t.spec().put("items", values(items));
        return t;
    }

    public static TypeSpec yXmlFragment() {
        return type("YXmlFragment");
    }

    public static TypeSpec yXmlElement(String nodeName) {
        TypeSpec t = type("YXmlElement");
        t.spec().put("nodeName", nodeName);
        return t;
    }

    public static TypeSpec yXmlText(String text) {
        TypeSpec t = type("YXmlText");
        t.spec().put("text", text);
        return t;
    }

    public static TypeSpec yXmlHook(String hookName) {
        TypeSpec t = type("YXmlHook");
        t.spec().put("hookName", hookName);
        return t;
    }

    /** A sub-document value (ContentDoc) with this guid and options (gc, autoLoad, meta). */
    public record SubDoc(String guid, Map<String, Object> opts) { }

    public static SubDoc subdoc(String guid) {
        return new SubDoc(guid, Map.of());
    }

    private static TypeSpec type(String name) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("$type", name);
        return new TypeSpec(m);
    }

    /** A value for the harness: type specs and sub-docs as their specs, the rest tagged. */
    public static Object value(Object v) {
        if (v instanceof TypeSpec t) {
            return t.spec();
        }
        if (v instanceof SubDoc d) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("$doc", d.guid());
            if (!d.opts().isEmpty()) {
                m.put("opts", TaggedJson.toTagged(d.opts()));
            }
            return m;
        }
        return TaggedJson.toTagged(v);
    }

    private static List<Object> values(Object... vs) {
        List<Object> out = new ArrayList<>();
        Arrays.stream(vs).forEach(v -> out.add(value(v)));
        return out;
    }

    /** base64 helper for hand-made specs. */
    public static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
