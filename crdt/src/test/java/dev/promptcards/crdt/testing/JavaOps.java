package dev.promptcards.crdt.testing;

import dev.promptcards.crdt.AbstractType;
import dev.promptcards.crdt.Doc;
import dev.promptcards.crdt.YArray;
import dev.promptcards.crdt.YMap;
import dev.promptcards.crdt.YText;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the harness's {@code script} ops ({@link Ops}) on a Java {@link Doc} through the public API, so one
 * op list drives both Yjs and Java: every top-level op in its own {@code doc.transact}, {@code transact}
 * ops grouping theirs. Shared types given as values with content are integrated empty and then filled in
 * the same transaction, depth first, which is what Yjs does with prelim content. XML ops are not
 * supported (Java has no creating API for XML types).
 */
public final class JavaOps {

    private final Doc doc;
    private final Map<String, Doc> subdocs;

    /**
     * @param doc     the doc to edit
     * @param subdocs sub-documents by guid, for {@code {"$doc": guid}} values (Java makes the guid)
     */
    public JavaOps(Doc doc, Map<String, Doc> subdocs) {
        this.doc = doc;
        this.subdocs = subdocs;
    }

    /** Runs the ops on the doc. */
    public static void run(Doc doc, List<Map<String, Object>> ops) {
        new JavaOps(doc, Map.of()).run(ops);
    }

    /** Runs the ops, each top-level op in its own transaction. */
    public void run(List<Map<String, Object>> ops) {
        for (Map<String, Object> op : ops) {
            doc.transact(tr -> apply(op));
        }
    }

    /**
     * The root types the ops address, with their getter kind (text, map, array, xml), in first-use order;
     * see {@link Ops} for the rules.
     */
    public static Map<String, String> rootKinds(List<Map<String, Object>> ops) {
        Map<String, String> kinds = new LinkedHashMap<>();
        for (Map<String, Object> op : ops) {
            if ("transact".equals(op.get("op"))) {
                @SuppressWarnings("unchecked")
                List<Map<String, Object>> inner = (List<Map<String, Object>>) op.get("ops");
                rootKinds(inner).forEach(kinds::putIfAbsent);
            } else {
                List<?> path = path(op);
                kinds.putIfAbsent((String) path.get(0), rootKind(op, path));
            }
        }
        return kinds;
    }

    /** Calls the getter of each root (so a doc filled by applyUpdate has typed roots, as a real app would). */
    public static void typeRoots(Doc doc, Map<String, String> kinds) {
        kinds.forEach((name, kind) -> {
            switch (kind) {
                case "text" -> doc.getText(name);
                case "map" -> doc.getMap(name);
                case "array" -> doc.getArray(name);
                case "xml", "xmlFragment" -> doc.getXmlFragment(name);
                default -> throw new IllegalArgumentException("unknown root kind " + kind);
            }
        });
    }

    private static List<?> path(Map<String, Object> op) {
        if (op.get("path") instanceof List<?> p) {
            return p;
        }
        return List.of(op.getOrDefault("name", ""));
    }

    private static String rootKind(Map<String, Object> op, List<?> path) {
        if (op.get("rootType") instanceof String k) {
            return k;
        }
        if (path.size() > 1) {
            return path.get(1) instanceof Number ? "array" : "map";
        }
        return switch (((String) op.get("op")).split("\\.")[0]) {
            case "text" -> "text";
            case "map" -> "map";
            case "array" -> "array";
            case "xml" -> "xml";
            default -> throw new IllegalArgumentException("no root kind for " + op);
        };
    }

    private Object resolve(Map<String, Object> op) {
        List<?> path = path(op);
        String kind = rootKind(op, path);
        String name = (String) path.get(0);
        Object t = switch (kind) {
            case "text" -> doc.getText(name);
            case "map" -> doc.getMap(name);
            case "array" -> doc.getArray(name);
            case "xml", "xmlFragment" -> doc.getXmlFragment(name);
            default -> throw new IllegalArgumentException("unknown root kind " + kind);
        };
        for (Object step : path.subList(1, path.size())) {
            Object next;
            if (step instanceof Number i && t instanceof YArray a) {
                next = a.get(i.intValue());
            } else if (step instanceof String k && t instanceof YMap m) {
                next = m.get(k);
            } else {
                throw new IllegalArgumentException("path " + path + ": cannot step " + step + " into " + t);
            }
            if (next == null) {
                throw new IllegalArgumentException("path " + path + ": nothing at " + step);
            }
            t = next;
        }
        return t;
    }

    private static int i(Map<String, Object> op, String key) {
        return ((Number) op.get(key)).intValue();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> attrs(Map<String, Object> op) {
        Object a = op.get("attrs");
        return a == null ? null : (Map<String, Object>) TaggedJson.fromTagged(a);
    }

    @SuppressWarnings("unchecked")
    private void apply(Map<String, Object> op) {
        String name = (String) op.get("op");
        switch (name) {
            case "transact" -> ((List<Map<String, Object>>) op.get("ops")).forEach(this::apply);
            case "text.insert" -> {
                Map<String, Object> a = attrs(op);
                if (a == null) {
                    text(op).insert(i(op, "index"), (String) op.get("text"));
                } else {
                    text(op).insert(i(op, "index"), (String) op.get("text"), a);
                }
            }
            case "text.insertEmbed" -> {
                Map<String, Object> a = attrs(op);
                Object embed = TaggedJson.fromTagged(op.get("embed"));
                if (a == null) {
                    text(op).insertEmbed(i(op, "index"), embed);
                } else {
                    text(op).insertEmbed(i(op, "index"), embed, a);
                }
            }
            case "text.delete" -> text(op).delete(i(op, "index"), i(op, "length"));
            case "text.format" -> text(op).format(i(op, "index"), i(op, "length"), attrs(op));
            case "map.set" -> {
                List<Runnable> fills = new ArrayList<>();
                Object v = toJava(op.get("value"), fills);
                ((YMap) resolve(op)).set((String) op.get("key"), v);
                fills.forEach(Runnable::run);
            }
            case "map.delete" -> ((YMap) resolve(op)).delete((String) op.get("key"));
            case "array.insert", "array.push", "array.unshift" -> {
                YArray a = (YArray) resolve(op);
                List<?> values = (List<?>) op.get("values");
                switch (name) {
                    case "array.insert" -> insertSegmented(a, i(op, "index"), values, false);
                    case "array.push" -> insertSegmented(a, -1, values, true);
                    default -> insertSegmented(a, 0, values, false);
                }
            }
            case "array.delete" -> ((YArray) resolve(op)).delete(i(op, "index"),
                    op.get("length") == null ? 1 : i(op, "length"));
            default -> throw new UnsupportedOperationException("JavaOps does not support " + name
                    + " (XML has no creating API in Java: use decode-and-re-encode)");
        }
    }

    private YText text(Map<String, Object> op) {
        return (YText) resolve(op);
    }

    /**
     * Inserts harness values into an array like one Yjs insert/push: Yjs integrates a type's prelim content
     * while inserting it (before the values after it get their clocks), so the values are inserted in
     * segments that each end with a type that still needs filling, and that fill runs right after its
     * segment. Without such types this is a single insert (or push when {@code push}).
     */
    private void insertSegmented(YArray a, int index, List<?> values, boolean push) {
        List<Object> segment = new ArrayList<>();
        int at = index;
        for (int k = 0; k < values.size(); k++) {
            List<Runnable> fills = new ArrayList<>();
            segment.add(toJava(values.get(k), fills));
            if (!fills.isEmpty() || k == values.size() - 1) {
                if (push) {
                    a.push(segment);
                } else {
                    a.insert(at, segment);
                    at += segment.size();
                }
                segment = new ArrayList<>();
                fills.forEach(Runnable::run);
            }
        }
    }

    /**
     * A harness value as a Java value: {@code $type} specs become new (empty) shared types whose content
     * is added by a fill registered in {@code fills} (run after the type is integrated); {@code $doc} a
     * sub-document from {@link #subdocs}; the rest via {@link TaggedJson#fromTagged}.
     */
    @SuppressWarnings("unchecked")
    private Object toJava(Object v, List<Runnable> fills) {
        if (v instanceof Map<?, ?> m && m.get("$type") instanceof String type) {
            switch (type) {
                case "YText": {
                    Object text = m.get("text");
                    return text == null ? new YText() : new YText((String) text);
                }
                case "YMap": {
                    YMap map = new YMap();
                    Map<String, Object> entries = (Map<String, Object>) m.get("entries");
                    if (entries != null && !entries.isEmpty()) {
                        fills.add(() -> entries.forEach((k, x) -> {
                            List<Runnable> inner = new ArrayList<>();
                            Object jx = toJava(x, inner);
                            map.set(k, jx);
                            inner.forEach(Runnable::run);
                        }));
                    }
                    return map;
                }
                case "YArray": {
                    YArray array = new YArray();
                    List<Object> items = (List<Object>) m.get("items");
                    if (items != null && !items.isEmpty()) {
                        fills.add(() -> insertSegmented(array, 0, items, false));
                    }
                    return array;
                }
                default:
                    throw new UnsupportedOperationException("JavaOps cannot create " + type);
            }
        }
        if (v instanceof Map<?, ?> m && m.get("$doc") instanceof String guid && (m.size() == 1 || m.containsKey("opts"))) {
            Doc sub = subdocs.get(guid);
            if (sub == null) {
                throw new IllegalArgumentException("no Java sub-document with guid " + guid);
            }
            return sub;
        }
        return TaggedJson.fromTagged(v);
    }

    /** Type check helper for tests: the value is a live shared type. */
    public static boolean isType(Object v) {
        return v instanceof AbstractType;
    }
}
