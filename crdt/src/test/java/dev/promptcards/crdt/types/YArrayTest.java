package dev.promptcards.crdt.types;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class YArrayTest {
    private static final HexFormat HEX = HexFormat.of();

    private static YArray array() {
        return new Doc(1).getArray("a");
    }

    @Test
    void insert_at_start_middle_and_end() {
        YArray a = array();
        a.insert(0, List.of(2, 3));
        a.insert(0, List.of(1));
        a.insert(3, List.of(5));
        a.insert(3, List.of(4));
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), a.toArray());
        assertEquals(5, a.length());
    }

    @Test
    void insert_past_the_end_or_before_the_start_throws_and_changes_nothing() {
        YArray a = array();
        a.insert(0, List.of("x"));
        assertThrows(IndexOutOfBoundsException.class, () -> a.insert(2, List.of("y")));
        assertThrows(IndexOutOfBoundsException.class, () -> a.insert(-1, List.of("y")));
        assertEquals(List.of("x"), a.toArray());
    }

    @Test
    void get_returns_values_at_both_ends_and_throws_outside() {
        YArray a = array();
        a.push(List.of("a", "b", "c"));
        assertEquals("a", a.get(0));
        assertEquals("c", a.get(2));
        assertThrows(IndexOutOfBoundsException.class, () -> a.get(3));
        assertThrows(IndexOutOfBoundsException.class, () -> a.get(-1));
    }

    @Test
    void delete_removes_ranges_inside_items_and_across_items() {
        YArray a = array();
        a.push(List.of(0, 1, 2, 3, 4));
        a.push(List.of(5, 6, 7));
        a.delete(1, 2);
        assertEquals(List.of(0L, 3L, 4L, 5L, 6L, 7L), a.toArray());
        a.delete(2, 3);
        assertEquals(List.of(0L, 3L, 7L), a.toArray());
        a.delete(0);
        a.delete(1, 1);
        assertEquals(List.of(3L), a.toArray());
        a.delete(0, 0);
        assertEquals(1, a.length());
    }

    @Test
    void delete_past_the_end_throws_and_deletes_nothing() {
        YArray a = array();
        a.push(List.of(1, 2, 3));
        assertThrows(IndexOutOfBoundsException.class, () -> a.delete(2, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> a.delete(-1, 1));
        assertThrows(IndexOutOfBoundsException.class, () -> a.delete(0, -1));
        assertEquals(List.of(1L, 2L, 3L), a.toArray());
    }

    @Test
    void slice_takes_ranges_with_negative_indexes_from_the_end() {
        YArray a = array();
        a.push(List.of(1, 2));
        a.push(List.of(3, 4, 5));
        assertEquals(List.of(2L, 3L, 4L), a.slice(1, 4));
        assertEquals(List.of(4L, 5L), a.slice(-2, 5));
        assertEquals(List.of(1L, 2L, 3L, 4L), a.slice(0, -1));
        assertEquals(List.of(3L, 4L, 5L), a.slice(2));
        assertEquals(List.of(), a.slice(3, 3));
        assertEquals(List.of(), a.slice(4, 2));
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), a.slice(-10, 10));
    }

    @Test
    void numbers_are_stored_as_js_numbers() {
        YArray a = array();
        a.push(List.of(1, 3.0, 2.5, (byte) 7, -0.0, 1e21, Long.MAX_VALUE));
        assertEquals(Arrays.asList(1L, 3L, 2.5, 7L, -0.0, 1e21, 9.223372036854776E18), a.toArray());
    }

    @Test
    void values_yjs_rejects_in_a_list_are_rejected_before_anything_changes() {
        YArray a = array();
        assertThrows(IllegalArgumentException.class, () -> a.push(List.of(1, Undefined.INSTANCE)));
        assertThrows(IllegalArgumentException.class, () -> a.push(List.of(1, BigInteger.TEN)));
        assertThrows(IllegalArgumentException.class, () -> a.push(List.of(1, new Object())));
        assertThrows(IllegalArgumentException.class, () -> a.push(List.of(Map.of(1, 2))));
        assertEquals(0, a.length());
        // nested in objects and arrays, undefined and bigint are plain values
        a.push(List.of(Arrays.asList(Undefined.INSTANCE, BigInteger.TWO)));
        assertEquals(List.of(Arrays.asList(Undefined.INSTANCE, BigInteger.TWO)), a.toArray());
    }

    @Test
    void a_type_already_in_a_document_cannot_be_inserted_again() {
        Doc doc = new Doc(1);
        YArray a = doc.getArray("a");
        YMap m = new YMap();
        a.push(List.of(m));
        assertThrows(IllegalArgumentException.class, () -> a.push(List.of(m)));
        assertThrows(IllegalArgumentException.class, () -> a.push(List.of(doc.getMap("root"))));
        YMap fresh = new YMap();
        assertThrows(IllegalArgumentException.class, () -> a.push(List.of(fresh, fresh)));
        assertEquals(1, a.length());
    }

    @Test
    void values_read_back_are_copies() {
        YArray a = array();
        Map<String, Object> obj = new LinkedHashMap<>();
        obj.put("k", new ArrayList<>(List.of(1)));
        byte[] bytes = {1, 2};
        a.push(List.of(obj, bytes));
        obj.put("k", "changed");
        bytes[0] = 9;
        @SuppressWarnings("unchecked")
        Map<String, Object> got = (Map<String, Object>) a.get(0);
        got.put("k", "changed too");
        ((byte[]) a.get(1))[1] = 9;
        assertEquals(Map.of("k", List.of(1L)), a.get(0));
        assertArrayEquals(new byte[] {1, 2}, (byte[]) a.get(1));
    }

    @Test
    void nested_types_are_returned_live_and_rendered_by_toJSON() {
        YArray a = array();
        YMap m = new YMap();
        YArray inner = new YArray();
        inner.push(List.of(1, 2));
        a.push(List.of("x", m, inner, new byte[] {5}));
        assertSame(m, a.get(1));
        assertSame(a, m.parent());
        m.set("k", "v");
        assertEquals(List.of(1L, 2L), ((YArray) a.get(2)).toArray());
        List<Object> json = a.toJSON();
        assertEquals(List.of("x", Map.of("k", "v"), List.of(1L, 2L)), json.subList(0, 3));
        assertArrayEquals(new byte[] {5}, (byte[]) json.get(3));
    }

    @Test
    void preliminary_array_collects_changes_and_inserts_them_on_integration() {
        YArray pre = new YArray();
        pre.push(List.of(1, 2, 3));
        pre.insert(0, List.of(0));
        pre.delete(2);
        assertEquals(List.of(0L, 1L, 3L), pre.toArray());
        assertEquals(3, pre.length());
        assertEquals(1L, pre.get(1));
        assertNull(pre.doc());
        Doc doc = new Doc(1);
        doc.getMap("m").set("arr", pre);
        assertSame(doc, pre.doc());
        assertEquals(List.of(0L, 1L, 3L), pre.toArray());
        assertEquals(Map.of("arr", List.of(0L, 1L, 3L)), doc.getMap("m").toJSON());
    }

    /** Bytes from Yjs 13.6.33 for the same calls (client 1), see gold.mjs in the report. */
    @Test
    void array_operations_match_yjs_bytes() {
        Doc doc = new Doc(1);
        YArray a = doc.getArray("a");
        Map<String, Object> obj = new LinkedHashMap<>();
        obj.put("b", 1L);
        obj.put("a", Arrays.asList(true, null));
        a.insert(0, Arrays.asList(1, "two", obj, List.of(1, 2), null, true));
        a.insert(0, List.of(new byte[] {1, 2}));
        a.insert(3, List.of("x", 2.5));
        a.push(List.of("end"));
        a.delete(1, 2);
        a.insert(2, List.of(new YMap(), -0.0, 1e21, 9007199254740992L));
        assertEquals("01080100010101610288010104760201627d0101617502787e75027d017d027e78430100020102c8010101"
                + "0201770178c801070102017c40200000880105017703656e64c70107010801c8010a0108037d407b444b1ae4"
                + "d6e2ef507c5a0000000101010002", HEX.formatHex(Y.encodeStateAsUpdate(doc)));
        assertEquals(12, a.length());
        // Yjs: [Uint8Array [1,2], "x", YMap, -0, 1e21, 2**53, 2.5, {b:1,a:[true,null]}, [1,2], null, true, "end"]
        assertArrayEquals(new byte[] {1, 2}, (byte[]) a.get(0));
        assertEquals(Arrays.asList("x", Map.of(), -0.0, 1e21, 9007199254740992L, 2.5, obj, List.of(1L, 2L), null,
                true, "end"), a.toJSON().subList(1, 12));
    }

    @Test
    void unshift_inserts_at_the_start() {
        YArray a = array();
        a.push(List.of("b"));
        a.unshift(List.of("a"));
        assertEquals(List.of("a", "b"), a.toArray());
        assertEquals(List.of("a", "b"), YArray.from(List.of("a", "b")).toArray());
    }

    @Test
    void nested_text_is_live_after_insertion() {
        YArray a = array();
        YText t = new YText();
        a.push(List.of(t));
        t.insert(0, "hi");
        assertEquals(List.of("hi"), a.toJSON());
    }
}
