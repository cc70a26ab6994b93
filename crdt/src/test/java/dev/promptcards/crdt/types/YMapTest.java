package dev.promptcards.crdt.types;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.promptcards.crdt.Doc;
import dev.promptcards.crdt.Y;
import dev.promptcards.crdt.YArray;
import dev.promptcards.crdt.YMap;
import dev.promptcards.crdt.YText;
import dev.promptcards.crdt.lib0.Undefined;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class YMapTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void set_then_get_returns_the_value_and_missing_keys_give_null() {
        YMap m = new Doc(1).getMap("m");
        assertEquals("v", m.set("k", "v"));
        m.set("n", null);
        assertEquals("v", m.get("k"));
        assertNull(m.get("n"));
        assertTrue(m.has("n"));
        assertNull(m.get("missing"));
        assertFalse(m.has("missing"));
        assertEquals(2, m.size());
    }

    @Test
    void overwrite_keeps_the_key_position_and_the_last_value() {
        YMap m = new Doc(1).getMap("m");
        m.set("a", 1);
        m.set("b", 2);
        m.set("a", 3);
        assertEquals(3L, m.get("a"));
        assertEquals(List.of("a", "b"), m.keys());
        assertEquals(2, m.size());
    }

    @Test
    void delete_removes_the_key_and_set_brings_it_back_in_its_old_place() {
        YMap m = new Doc(1).getMap("m");
        m.set("a", 1);
        m.set("b", 2);
        m.delete("a");
        m.delete("never");
        assertFalse(m.has("a"));
        assertNull(m.get("a"));
        assertEquals(List.of("b"), m.keys());
        assertEquals(Map.of("b", 2L), m.toJSON());
        m.set("a", 4);
        assertEquals(List.of("a", "b"), m.keys());
    }

    @Test
    void clear_deletes_every_key() {
        YMap m = new Doc(1).getMap("m");
        m.set("a", 1);
        m.set("b", new YMap());
        m.clear();
        assertEquals(0, m.size());
        assertEquals(Map.of(), m.toJSON());
    }

    @Test
    void nested_types_are_returned_live() {
        Doc doc = new Doc(1);
        YMap m = doc.getMap("m");
        YText text = new YText();
        YMap inner = m.set("inner", new YMap()) instanceof YMap y ? y : null;
        m.set("text", text);
        assertSame(text, m.get("text"));
        assertSame(inner, m.get("inner"));
        text.insert(0, "hello");
        inner.set("x", 1);
        assertEquals(Map.of("inner", Map.of("x", 1L), "text", "hello"), m.toJSON());
    }

    @Test
    void toJSON_orders_keys_as_a_js_object() {
        YMap m = new Doc(1).getMap("m");
        m.set("b", 1);
        m.set("10", 2);
        m.set("a", 3);
        m.set("2", 4);
        assertEquals(List.of("b", "10", "a", "2"), m.keys());
        assertEquals(List.of("2", "10", "b", "a"), new ArrayList<>(m.toJSON().keySet()));
    }

    @Test
    void undefined_and_bigint_are_map_values_but_other_objects_are_rejected() {
        YMap m = new Doc(1).getMap("m");
        m.set("u", Undefined.INSTANCE);
        m.set("big", BigInteger.TEN);
        assertSame(Undefined.INSTANCE, m.get("u"));
        assertTrue(m.has("u"));
        assertEquals(BigInteger.TEN, m.get("big"));
        assertThrows(IllegalArgumentException.class, () -> m.set("x", new Object()));
        assertThrows(IllegalArgumentException.class, () -> m.set("x", List.of(new StringBuilder())));
        assertFalse(m.has("x"));
    }

    @Test
    void preliminary_map_is_set_in_order_on_integration() {
        Map<String, Object> entries = new LinkedHashMap<>();
        entries.put("k", "v");
        entries.put("2", 3);
        YMap pre = new YMap(entries);
        pre.set("z", 1);
        pre.delete("z");
        assertEquals("v", pre.get("k"));
        assertEquals(List.of("k", "2"), pre.keys());
        Doc doc = new Doc(1);
        doc.getArray("a").push(List.of(pre));
        assertEquals(List.of("k", "2"), pre.keys());
        assertEquals(3L, pre.get("2"));
    }

    /** Bytes from Yjs 13.6.33 for the same calls (client 7). */
    @Test
    void map_operations_match_yjs_bytes() {
        Doc doc = new Doc(7);
        YMap m = doc.getMap("m");
        m.set("a", 1);
        m.set("b", "x");
        m.set("a", 2);
        Map<String, Object> entries = new LinkedHashMap<>();
        entries.put("k", "v");
        entries.put("2", 3);
        m.set("inner", new YMap(entries));
        YArray arr = new YArray();
        arr.push(List.of(1, 2));
        arr.insert(0, List.of("z"));
        m.set("arr", arr);
        m.delete("b");
        m.set("u", Undefined.INSTANCE);
        m.set("big", new BigInteger("12345678901234567890"));
        m.set("bin", new byte[] {9});
        m.set("10", "ten");
        assertEquals("010c07002101016d0161012101016d016201a80700017d022701016d05696e6e65720128000703016b0177017628"
                + "0007030132017d032701016d0361727200080007060377017a7d017d022801016d0175017f2801016d0362696701"
                + "7aab54a98ceb1f0ad22301016d0362696e01092801016d02313001770374656e0107010002",
                HEX.formatHex(Y.encodeStateAsUpdate(doc)));
        assertEquals(List.of("a", "inner", "arr", "u", "big", "bin", "10"), m.keys());
        Map<String, Object> json = m.toJSON();
        assertEquals(List.of("10", "a", "inner", "arr", "u", "big", "bin"), new ArrayList<>(json.keySet()));
        assertEquals(List.of("2", "k"), new ArrayList<>(((Map<?, ?>) json.get("inner")).keySet()));
        assertEquals(List.of("z", 1L, 2L), json.get("arr"));
        assertEquals(new BigInteger("12345678901234567890"), json.get("big")); // kept locally, as in Yjs
        assertArrayEquals(new byte[] {9}, (byte[]) json.get("bin"));
    }

    @Test
    void decoded_map_reencodes_to_the_same_bytes() {
        byte[] update = HEX.parseHex("010c07002101016d0161012101016d016201a80700017d022701016d05696e6e65720128000703016b017701762"
                + "80007030132017d032701016d0361727200080007060377017a7d017d022801016d0175017f2801016d03626967017aab"
                + "54a98ceb1f0ad22301016d0362696e01092801016d02313001770374656e0107010002");
        Doc doc = new Doc(99);
        Y.applyUpdate(doc, update);
        assertEquals(HEX.formatHex(update), HEX.formatHex(Y.encodeStateAsUpdate(doc)));
        YMap m = doc.getMap("m");
        assertEquals(2L, m.get("a"));
        assertEquals("ten", m.get("10"));
        assertEquals(List.of("z", 1L, 2L), ((YArray) m.get("arr")).toArray());
        assertEquals(new BigInteger("-6101065172474983726"), m.get("big")); // BigInt64 wraps, as in Yjs
    }
}
