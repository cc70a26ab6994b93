package dev.promptcards.crdt.types;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.promptcards.crdt.Doc;
import dev.promptcards.crdt.Y;
import dev.promptcards.crdt.YArray;
import dev.promptcards.crdt.YMap;
import dev.promptcards.crdt.YXmlElement;
import dev.promptcards.crdt.YXmlFragment;
import dev.promptcards.crdt.YXmlHook;
import dev.promptcards.crdt.YXmlText;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class YXmlTest {
    private static final HexFormat HEX = HexFormat.of();

    /** Yjs 13.6.33, client 5: a paragraph with attributes and a nested element, a hook, hr, then br after p. */
    private static final String XML_UPDATE = "010a050007010b70726f73656d6972726f720309506172616772617068070005000302454d28000500047a65"
            + "74610177017a2800050005416c706861017701412800050001620177013187050005076d656e74696f6e28000505"
            + "026964017d2a8705050302687228000501016e017d07c7050005050302627200";
    private static final String XML_STRING =
            "<paragraph Alpha=\"A\" b=\"1\" zeta=\"z\"><em n=\"7\"></em></paragraph><br></br>[object Object]<hr></hr>";

    @Test
    void xml_built_in_java_matches_yjs_bytes_and_rendering() {
        Doc doc = new Doc(5);
        YXmlFragment f = doc.getXmlFragment("prosemirror");
        YXmlElement p = new YXmlElement("Paragraph");
        p.setAttribute("zeta", "z");
        p.setAttribute("Alpha", "A");
        p.setAttribute("b", "1");
        YXmlElement inner = new YXmlElement("EM");
        p.insert(0, List.of(inner));
        YXmlHook h = new YXmlHook("mention");
        h.set("id", 42);
        f.insert(0, List.of(p, h, new YXmlElement("hr")));
        inner.setAttribute("n", 7);
        f.insertAfter(p, List.of(new YXmlElement("br")));
        assertEquals(XML_UPDATE, HEX.formatHex(Y.encodeStateAsUpdate(doc)));
        assertEquals(XML_STRING, f.toString());
        assertEquals(XML_STRING, f.toJSON());
        assertEquals(Map.of("prosemirror", XML_STRING), doc.toJSON());
    }

    @Test
    void xml_from_yjs_decodes_renders_and_reencodes_exactly() {
        Doc doc = new Doc(77);
        Y.applyUpdate(doc, HEX.parseHex(XML_UPDATE));
        YXmlFragment f = doc.getXmlFragment("prosemirror");
        assertEquals(XML_STRING, f.toString());
        assertEquals(XML_UPDATE, HEX.formatHex(Y.encodeStateAsUpdate(doc)));
        assertEquals(4, f.length());
        YXmlElement p = (YXmlElement) f.get(0);
        assertEquals("Paragraph", p.nodeName());
        assertEquals("A", p.getAttribute("Alpha"));
        assertNull(p.getAttribute("missing"));
        assertEquals(List.of("zeta", "Alpha", "b"), new ArrayList<>(p.getAttributes().keySet()));
        YXmlHook hook = (YXmlHook) f.get(2);
        assertEquals("mention", hook.hookName());
        assertEquals(42L, hook.get("id"));
        assertEquals(Map.of("id", 42L), hook.toJSON());
        assertEquals("<em n=\"7\"></em>", ((YXmlElement) p.get(0)).toString());
    }

    @Test
    void fragment_push_goes_after_the_last_live_child_unlike_array_push() {
        Doc doc = new Doc(3);
        YArray a = doc.getArray("a");
        a.push(List.of(1, 2, 3));
        a.push(List.of(4));
        a.delete(2, 2);
        a.push(List.of(5));
        YXmlFragment f = doc.getXmlFragment("x");
        f.push(List.of(new YXmlElement("a"), new YXmlElement("b")));
        f.delete(1, 1);
        f.push(List.of(new YXmlElement("c")));
        assertEquals("0106030008010161027d017d0281030102880303017d050701017803016181030501c70305030603016301030202020601",
                HEX.formatHex(Y.encodeStateAsUpdate(doc)));
        assertEquals("<a></a><c></c>", f.toString());
    }

    @Test
    void attribute_values_print_as_js_strings_sorted_by_utf16_order() {
        YXmlFragment f = new Doc(1).getXmlFragment("f");
        YXmlElement e = new YXmlElement("DIV");
        f.push(List.of(e));
        e.setAttribute("b", 1.5);
        e.setAttribute("a", Arrays.asList(1, null, "x"));
        e.setAttribute("\u00e9", true);
        e.setAttribute("Z", Map.of("k", 1));
        e.setAttribute("c", null);
        e.setAttribute("d", new byte[] {1, (byte) 255});
        assertEquals("<div Z=\"[object Object]\" a=\"1,,x\" b=\"1.5\" c=\"null\" d=\"1,255\" \u00e9=\"true\"></div>",
                e.toString());
        e.removeAttribute("Z");
        assertTrue(!e.hasAttribute("Z"));
        assertEquals(e.toString(), e.toJSON());
    }

    @Test
    void text_children_render_inside_elements() {
        YXmlFragment f = new Doc(1).getXmlFragment("f");
        YXmlElement e = new YXmlElement("p");
        YXmlText t = new YXmlText();
        e.push(List.of(t));
        f.push(List.of(e));
        t.insert(0, "hi");
        assertEquals("<p>hi</p>", f.toString());
        assertSame(t, e.firstChild());
    }

    @Test
    void preliminary_element_gets_children_then_attributes_on_integration() {
        YXmlElement e = new YXmlElement("ul");
        e.setAttribute("class", "x");
        e.push(List.of(new YXmlElement("li")));
        assertEquals("<ul class=\"x\"><li></li></ul>", e.toString());
        Doc doc = new Doc(1);
        doc.getXmlFragment("f").push(List.of(e));
        assertEquals("<ul class=\"x\"><li></li></ul>", doc.getXmlFragment("f").toString());
        assertEquals("x", e.getAttribute("class"));
        // Yjs integrates the element item, then its child, then its attributes
        Doc other = new Doc(2);
        Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
        assertEquals("<ul class=\"x\"><li></li></ul>", other.getXmlFragment("f").toString());
    }

    @Test
    void xml_children_must_be_new_xml_nodes() {
        YXmlFragment f = new Doc(1).getXmlFragment("f");
        assertThrows(IllegalArgumentException.class, () -> f.push(List.of(new YMap())));
        assertThrows(IllegalArgumentException.class, () -> f.insertAfter(new YXmlElement("x"), List.of(new YXmlElement("y"))));
        assertThrows(IndexOutOfBoundsException.class, () -> f.insert(1, List.of(new YXmlElement("y"))));
        assertEquals(0, f.length());
    }
}
