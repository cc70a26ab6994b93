package dev.promptcards.crdt.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Specs for the harness's {@code craftUpdate}: a v1 update written by Yjs's own struct classes
 * ({@code Item#write}, {@code GC#write}, {@code Skip#write}) and {@code UpdateEncoderV1}, clients and
 * structs in the order given. Example (a root array holding ContentJSON [1, "a"]):
 * <pre>
 *   node.craftUpdate(Craft.update()
 *       .client(5, 0, Craft.item(Craft.json(1L, "a")).parent("arr"))
 *       .build());
 * </pre>
 */
public final class Craft {

    private final List<Object> clients = new ArrayList<>();
    private final List<Object> deleteSet = new ArrayList<>();

    private Craft() {
    }

    public static Craft update() {
        return new Craft();
    }

    /** Structs of one client starting at {@code clock}. */
    public Craft client(long client, long clock, Object... structs) {
        List<Object> ss = new ArrayList<>();
        for (Object s : structs) {
            ss.add(s instanceof Item i ? Map.of("item", i.spec) : s);
        }
        clients.add(Map.of("client", client, "clock", clock, "structs", ss));
        return this;
    }

    /** Delete-set ranges of one client: clock, len, clock, len, ... */
    public Craft deleted(long client, long... clockLen) {
        List<Object> ranges = new ArrayList<>();
        for (int i = 0; i < clockLen.length; i += 2) {
            ranges.add(List.of(clockLen[i], clockLen[i + 1]));
        }
        deleteSet.add(Map.of("client", client, "ranges", ranges));
        return this;
    }

    public Map<String, Object> build() {
        return Map.of("clients", clients, "deleteSet", deleteSet);
    }

    public static Map<String, Object> gc(long len) {
        return Map.of("gc", len);
    }

    public static Map<String, Object> skip(long len) {
        return Map.of("skip", len);
    }

    /** An item with this content; set its parent (root name or parent item id), parentSub and origins. */
    public static Item item(Map<String, Object> content) {
        return new Item(content);
    }

    /** An item spec. */
    public static final class Item {
        final Map<String, Object> spec = new LinkedHashMap<>();

        Item(Map<String, Object> content) {
            spec.put("content", content);
        }

        /** Parent: a root type name. */
        public Item parent(String rootName) {
            spec.put("parent", rootName);
            return this;
        }

        /** Parent: the type created by item (client, clock). */
        public Item parent(long client, long clock) {
            spec.put("parent", id(client, clock));
            return this;
        }

        public Item parentSub(String key) {
            spec.put("parentSub", key);
            return this;
        }

        public Item origin(long client, long clock) {
            spec.put("origin", id(client, clock));
            return this;
        }

        public Item rightOrigin(long client, long clock) {
            spec.put("rightOrigin", id(client, clock));
            return this;
        }
    }

    private static Map<String, Object> id(long client, long clock) {
        return Map.of("client", client, "clock", clock);
    }

    // contents

    public static Map<String, Object> json(Object... values) {
        return content("json", "values", tagAll(values));
    }

    public static Map<String, Object> any(Object... values) {
        return content("any", "values", tagAll(values));
    }

    public static Map<String, Object> string(String text) {
        return content("string", "text", text);
    }

    public static Map<String, Object> deletedContent(long len) {
        return content("deleted", "len", len);
    }

    public static Map<String, Object> binary(byte[] bytes) {
        return content("binary", "bytes", Ops.b64(bytes));
    }

    public static Map<String, Object> embed(Object embed) {
        return content("embed", "embed", TaggedJson.toTagged(embed));
    }

    public static Map<String, Object> format(String key, Object value) {
        Map<String, Object> m = content("format", "key", key);
        m.put("value", TaggedJson.toTagged(value));
        return m;
    }

    /** A type content; spec from {@link Ops#yText()} etc. */
    public static Map<String, Object> type(Ops.TypeSpec type) {
        return content("type", "type", type.spec());
    }

    public static Map<String, Object> doc(String guid, Map<String, Object> opts) {
        Map<String, Object> m = content("doc", "guid", guid);
        m.put("opts", TaggedJson.toTagged(opts));
        return m;
    }

    private static Map<String, Object> content(String kind, String k, Object v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", kind);
        m.put(k, v);
        return m;
    }

    private static List<Object> tagAll(Object... values) {
        List<Object> out = new ArrayList<>();
        for (Object v : values) {
            out.add(TaggedJson.toTagged(v));
        }
        return out;
    }
}
