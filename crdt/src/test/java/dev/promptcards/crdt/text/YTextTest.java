package dev.promptcards.crdt.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.promptcards.crdt.Doc;
import dev.promptcards.crdt.Y;
import dev.promptcards.crdt.YMap;
import dev.promptcards.crdt.YText;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Local YText editing: text, deletions, formatting and deltas (expectations from Yjs's y-text tests). */
class YTextTest {

    private static Map<String, Object> op(Object insert) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("insert", insert);
        return m;
    }

    private static Map<String, Object> op(Object insert, Map<String, Object> attributes) {
        Map<String, Object> m = op(insert);
        m.put("attributes", attributes);
        return m;
    }

    private static Map<String, Object> attrs(Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return m;
    }

    private static YText text() {
        return new Doc(1).getText("t");
    }

    @Test
    void insert_at_start_middle_and_end_builds_the_string() {
        YText t = text();
        t.insert(0, "ac");
        t.insert(1, "b");
        t.insert(3, "d");
        t.insert(0, ">");
        assertEquals(">abcd", t.toString());
        assertEquals(5, t.length());
        assertEquals(">abcd", t.toJSON());
        assertEquals(List.of(op(">abcd")), t.toDelta());
    }

    @Test
    void insert_past_the_end_appends() {
        YText t = text();
        t.insert(0, "ab");
        t.insert(99, "c");
        assertEquals("abc", t.toString());
    }

    @Test
    void insert_of_an_empty_string_emits_no_update() {
        Doc doc = new Doc(1);
        List<byte[]> updates = new ArrayList<>();
        doc.onUpdate((u, o, tx) -> updates.add(u));
        doc.getText("t").insert(0, "");
        assertEquals(0, updates.size());
        assertEquals("", doc.getText("t").toString());
    }

    @Test
    void delete_at_start_middle_and_end() {
        YText t = text();
        t.insert(0, "abcdef");
        t.delete(0, 1);
        assertEquals("bcdef", t.toString());
        t.delete(1, 2);
        assertEquals("bef", t.toString());
        t.delete(2, 1);
        assertEquals("be", t.toString());
        assertEquals(2, t.length());
    }

    @Test
    void delete_reaching_past_the_end_stops_at_the_end() {
        YText t = text();
        t.insert(0, "abc");
        t.delete(1, 10);
        assertEquals("a", t.toString());
        assertEquals(1, t.length());
    }

    @Test
    void delete_of_zero_length_and_on_empty_text_changes_nothing() {
        YText t = text();
        t.delete(0, 0);
        t.delete(0, 3);
        assertEquals("", t.toString());
        assertEquals(0, t.length());
    }

    @Test
    void negative_index_or_length_is_rejected() {
        YText t = text();
        assertThrows(IllegalArgumentException.class, () -> t.insert(-1, "a"));
        assertThrows(IllegalArgumentException.class, () -> t.delete(0, -1));
        assertThrows(IllegalArgumentException.class, () -> t.format(-1, 1, Map.of("bold", true)));
    }

    @Test
    void insert_with_attributes_is_formatted_in_the_delta() {
        YText t = text();
        t.insert(0, "abc", attrs("bold", true));
        assertEquals("abc", t.toString());
        assertEquals("abc", t.toJSON());
        assertEquals(List.of(op("abc", attrs("bold", true))), t.toDelta());
    }

    /** Yjs testBasicFormat. */
    @Test
    void basic_format_sequence_matches_yjs() {
        YText t = text();
        t.insert(0, "abc", attrs("bold", true));
        t.delete(0, 1);
        assertEquals(List.of(op("bc", attrs("bold", true))), t.toDelta());
        t.delete(1, 1);
        assertEquals(List.of(op("b", attrs("bold", true))), t.toDelta());
        t.insert(0, "z", attrs("bold", true));
        assertEquals("zb", t.toString());
        assertEquals(List.of(op("zb", attrs("bold", true))), t.toDelta());
        t.insert(0, "y");
        assertEquals(List.of(op("y"), op("zb", attrs("bold", true))), t.toDelta());
        t.format(0, 2, attrs("bold", null));
        assertEquals("yzb", t.toString());
        assertEquals(List.of(op("yz"), op("b", attrs("bold", true))), t.toDelta());
    }

    @Test
    void insert_without_attributes_takes_the_formatting_at_its_position() {
        YText t = text();
        t.insert(0, "abc", attrs("bold", true));
        t.insert(1, "X");
        t.insert(4, "Y");
        assertEquals(List.of(op("aXbcY", attrs("bold", true))), t.toDelta());
        // at index 0 nothing is in effect yet
        t.insert(0, "0");
        assertEquals(List.of(op("0"), op("aXbcY", attrs("bold", true))), t.toDelta());
    }

    @Test
    void insert_with_empty_attributes_is_unformatted_inside_formatted_text() {
        YText t = text();
        t.insert(0, "abc", attrs("bold", true));
        t.insert(1, "X", Map.of());
        assertEquals(List.of(op("a", attrs("bold", true)), op("X"), op("bc", attrs("bold", true))), t.toDelta());
    }

    @Test
    void insert_with_other_attributes_replaces_those_in_effect() {
        YText t = text();
        t.insert(0, "ab", attrs("bold", true, "italic", true));
        t.insert(1, "X", attrs("italic", true));
        assertEquals(List.of(
                op("a", attrs("bold", true, "italic", true)),
                op("X", attrs("italic", true)),
                op("b", attrs("bold", true, "italic", true))), t.toDelta());
    }

    /** Yjs testFalsyFormats. */
    @Test
    void false_is_a_format_value_like_any_other() {
        YText t = text();
        t.insert(0, "abcde", attrs("falsy", false));
        assertEquals(List.of(op("abcde", attrs("falsy", false))), t.toDelta());
        t.format(1, 3, attrs("falsy", true));
        assertEquals(List.of(op("a", attrs("falsy", false)), op("bcd", attrs("falsy", true)),
                op("e", attrs("falsy", false))), t.toDelta());
        t.format(2, 1, attrs("falsy", false));
        assertEquals(List.of(op("a", attrs("falsy", false)), op("b", attrs("falsy", true)),
                op("c", attrs("falsy", false)), op("d", attrs("falsy", true)),
                op("e", attrs("falsy", false))), t.toDelta());
    }

    @Test
    void format_with_null_removes_the_attribute() {
        YText t = text();
        t.insert(0, "abcdef", attrs("bold", true, "color", "red"));
        t.format(2, 2, attrs("bold", null));
        assertEquals(List.of(
                op("ab", attrs("bold", true, "color", "red")),
                op("cd", attrs("color", "red")),
                op("ef", attrs("bold", true, "color", "red"))), t.toDelta());
        t.format(0, 6, attrs("bold", null, "color", null));
        assertEquals(List.of(op("abcdef")), t.toDelta());
    }

    @Test
    void format_at_the_boundaries_of_the_text() {
        YText t = text();
        t.insert(0, "abc");
        t.format(0, 1, attrs("bold", true));
        t.format(2, 1, attrs("italic", true));
        assertEquals(List.of(op("a", attrs("bold", true)), op("b"), op("c", attrs("italic", true))), t.toDelta());
    }

    @Test
    void format_starting_at_the_end_of_the_items_does_nothing() {
        YText t = text();
        t.insert(0, "abc");
        t.format(3, 2, attrs("bold", true));
        assertEquals("abc", t.toString());
        assertEquals(List.of(op("abc")), t.toDelta());
    }

    /** Yjs only checks that an item follows the position: here the format item ending "italic". */
    @Test
    void format_starting_at_the_end_before_a_format_item_appends_newlines() {
        YText t = text();
        t.insert(0, "abc", attrs("italic", true));
        t.format(3, 2, attrs("bold", true));
        assertEquals("abc\n\n", t.toString());
        assertEquals(List.of(op("abc", attrs("italic", true)), op("\n\n", attrs("bold", true))), t.toDelta());
    }

    @Test
    void format_past_the_end_appends_newlines_as_yjs_does() {
        YText t = text();
        t.insert(0, "ab");
        t.format(1, 3, attrs("bold", true));
        assertEquals("ab\n\n", t.toString());
        assertEquals(List.of(op("a"), op("b\n\n", attrs("bold", true))), t.toDelta());
    }

    @Test
    void overlapping_formats_give_merged_delta_ranges() {
        YText t = text();
        t.insert(0, "abcdef");
        t.format(0, 4, attrs("bold", true));
        t.format(2, 4, attrs("italic", true));
        assertEquals(List.of(
                op("ab", attrs("bold", true)),
                op("cd", attrs("bold", true, "italic", true)),
                op("ef", attrs("italic", true))), t.toDelta());
        t.format(0, 6, attrs("bold", true));
        assertEquals(List.of(
                op("ab", attrs("bold", true)),
                op("cdef", attrs("bold", true, "italic", true))), t.toDelta());
    }

    /** Equal flat objects count as the same attribute value (Yjs equalAttrs). */
    @Test
    void formatting_with_an_equal_flat_object_value_changes_nothing() {
        Doc doc = new Doc(1);
        YText t = doc.getText("t");
        t.insert(0, "abc", attrs("link", attrs("href", "x")));
        List<byte[]> updates = new ArrayList<>();
        doc.onUpdate((u, o, tx) -> updates.add(u));
        t.format(0, 3, attrs("link", new HashMap<>(Map.of("href", "x"))));
        assertEquals(0, updates.size());
        assertEquals(List.of(op("abc", attrs("link", attrs("href", "x")))), t.toDelta());
    }

    @Test
    void integer_and_long_attribute_values_are_the_same_js_number() {
        Doc doc = new Doc(1);
        YText t = doc.getText("t");
        t.insert(0, "abc", attrs("size", 12));
        List<byte[]> updates = new ArrayList<>();
        doc.onUpdate((u, o, tx) -> updates.add(u));
        t.format(0, 3, attrs("size", 12L));
        assertEquals(0, updates.size());
    }

    /** Yjs testToDeltaEmbedAttributes and testToDeltaEmbedNoAttributes. */
    @Test
    void embeds_appear_in_the_delta_with_or_without_attributes() {
        YText t = text();
        t.insert(0, "ab", attrs("bold", true));
        t.insertEmbed(1, attrs("image", "imageSrc.png"), attrs("width", 100L));
        assertEquals(List.of(
                op("a", attrs("bold", true)),
                op(attrs("image", "imageSrc.png"), attrs("width", 100L)),
                op("b", attrs("bold", true))), t.toDelta());
        assertEquals("ab", t.toString());
        assertEquals(3, t.length());

        YText u = new Doc(2).getText("u");
        u.insert(0, "ab", attrs("bold", true));
        u.insertEmbed(1, attrs("image", "imageSrc.png"));
        assertEquals(List.of(
                op("a", attrs("bold", true)),
                op(attrs("image", "imageSrc.png")),
                op("b", attrs("bold", true))), u.toDelta());
    }

    @Test
    void deleting_an_embed_counts_one_position() {
        YText t = text();
        t.insert(0, "ab");
        t.insertEmbed(1, attrs("image", "x"));
        t.delete(1, 1);
        assertEquals(List.of(op("ab")), t.toDelta());
        assertEquals(2, t.length());
    }

    @Test
    void a_shared_type_can_be_embedded() {
        YText t = text();
        t.insert(0, "ab");
        YMap map = new YMap();
        t.insertEmbed(1, map);
        map.set("k", "v");
        List<Map<String, Object>> delta = t.toDelta();
        assertEquals(3, delta.size());
        assertSame(map, delta.get(1).get("insert"));
        assertEquals(Map.of("k", "v"), map.toJSON());
    }

    @Test
    void deleting_formatted_text_keeps_the_formatting_of_the_rest() {
        YText t = text();
        t.insert(0, "1234");
        t.insert(2, "ab", attrs("bold", true));
        t.delete(2, 2);
        assertEquals(List.of(op("1234")), t.toDelta());
        t.insert(2, "x");
        assertEquals(List.of(op("12x34")), t.toDelta());
    }

    /** Yjs testDeleteFormatting (local part). */
    @Test
    void removing_part_of_a_format_leaves_the_rest() {
        YText t = text();
        t.insert(0, "Attack ships on fire off the shoulder of Orion.");
        t.format(13, 7, attrs("bold", true));
        t.format(16, 4, attrs("bold", null));
        assertEquals(List.of(op("Attack ships "), op("on ", attrs("bold", true)),
                op("fire off the shoulder of Orion.")), t.toDelta());
    }

    @Test
    void a_ychange_attribute_is_dropped_from_text_as_in_yjs_to_delta() {
        YText t = text();
        t.insert(0, "ab", attrs("ychange", "x"));
        assertEquals(List.of(op("ab")), t.toDelta());
    }

    @Test
    void delta_attribute_keys_follow_js_object_order() {
        YText t = text();
        t.insert(0, "a", attrs("b", true, "2", true, "a", true, "1", true));
        Map<?, ?> attributes = (Map<?, ?>) t.toDelta().get(0).get("attributes");
        assertEquals(List.of("1", "2", "b", "a"), new ArrayList<>(attributes.keySet()));
    }

    /** Yjs testSplitSurrogateCharacter: a split surrogate pair becomes two U+FFFD, and still encodes. */
    @Test
    void splitting_a_surrogate_pair_replaces_both_halves() {
        Doc doc = new Doc(1);
        YText t = doc.getText("t");
        t.insert(0, "\uD83D\uDC7E");
        t.insert(1, "hi!");
        assertEquals("\uFFFDhi!\uFFFD", t.toString());
        Doc copy = new Doc(2);
        Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
        assertEquals(t.toString(), copy.getText("t").toString());
    }

    @Test
    void a_prelim_text_is_filled_when_it_joins_a_document() {
        YText prelim = new YText("hello");
        prelim.insert(5, " world", attrs("bold", true));
        prelim.delete(0, 1);
        Doc doc = new Doc(1);
        YMap map = doc.getMap("m");
        map.set("text", prelim);
        assertSame(prelim, map.get("text"));
        assertEquals("ello world", prelim.toString());
        assertEquals(List.of(op("ello"), op(" world", attrs("bold", true))), prelim.toDelta());

        Doc copy = new Doc(2);
        Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
        YText remote = (YText) copy.getMap("m").get("text");
        assertEquals(prelim.toDelta(), remote.toDelta());
    }

    @Test
    void a_prelim_text_reads_as_empty_and_fails_length() {
        YText prelim = new YText("abc");
        assertEquals("", prelim.toString());
        assertThrows(IllegalStateException.class, prelim::length);
        assertThrows(IllegalStateException.class, prelim::toDelta);
    }

    @Test
    void all_changes_of_one_call_are_one_update() {
        Doc doc = new Doc(1);
        YText t = doc.getText("t");
        t.insert(0, "abc");
        List<byte[]> updates = new ArrayList<>();
        doc.onUpdate((u, o, tx) -> updates.add(u));
        t.format(1, 1, attrs("bold", true, "italic", true));
        assertEquals(1, updates.size());
        Doc copy = new Doc(2);
        Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
        assertEquals(t.toDelta(), copy.getText("t").toDelta());
        assertTrue(t.toDelta().size() == 3);
    }
}
