package dev.promptcards.crdt.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.promptcards.crdt.Doc;
import dev.promptcards.crdt.Y;
import dev.promptcards.crdt.YXmlFragment;
import dev.promptcards.crdt.YXmlText;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** YXmlText renders its delta as XML tags, as Yjs's YXmlText#toString does. */
class YXmlTextTest {

    private static YXmlText xmlText(Doc doc) {
        YXmlFragment fragment = doc.getXmlFragment("x");
        fragment.insert(0, List.of(new YXmlText()));
        return (YXmlText) fragment.get(0);
    }

    private static Map<String, Object> attrs(Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return m;
    }

    @Test
    void unformatted_text_renders_as_is() {
        YXmlText t = xmlText(new Doc(1));
        t.insert(0, "a < b");
        assertEquals("a < b", t.toString());
        assertEquals("a < b", t.toJSON());
    }

    @Test
    void attributes_become_tags_sorted_by_name_with_sorted_xml_attributes() {
        YXmlText t = xmlText(new Doc(1));
        t.insert(0, "x", attrs("strong", true, "a", attrs("title", "T", "href", "u"), "em", Map.of()));
        assertEquals("<a href=\"u\" title=\"T\"><em><strong>x</strong></em></a>", t.toString());
    }

    @Test
    void values_render_as_js_string_conversion_does() {
        YXmlText t = xmlText(new Doc(1));
        t.insert(0, "a", attrs("n", attrs("size", 1.5, "on", false, "none", null, "list", List.of(1L, "b"))));
        t.insert(1, "b", attrs("c", "hi"));
        t.insertEmbed(2, attrs("img", "p.png"));
        assertEquals("<n list=\"1,b\" none=\"null\" on=\"false\" size=\"1.5\">a</n><c 0=\"h\" 1=\"i\">b</c>[object Object]",
                t.toString());
    }

    @Test
    void a_decoded_xml_text_renders_the_same() {
        Doc doc = new Doc(1);
        YXmlText t = xmlText(doc);
        t.insert(0, "hello", attrs("b", Map.of()));
        t.format(1, 2, attrs("i", Map.of()));
        Doc copy = new Doc(2);
        Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
        YXmlText decoded = (YXmlText) copy.getXmlFragment("x").get(0);
        assertEquals("<b>h</b><b><i>el</i></b><b>lo</b>", decoded.toString());
        assertEquals(t.toString(), decoded.toString());
    }

    @Test
    void a_prelim_xml_text_renders_empty() {
        assertEquals("", new YXmlText().toString());
    }
}
