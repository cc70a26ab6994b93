package dev.promptcards.crdt;

import dev.promptcards.crdt.lib0.JsValues;
import dev.promptcards.crdt.lib0.Undefined;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Text inside an XML tree ({@link YXmlFragment} / {@link YXmlElement}): a {@link YText} whose string form
 * renders formatting attributes as XML tags. Yjs: {@code types/YXmlText.js}, type ref 6.
 */
public class YXmlText extends YText {
    /** An empty preliminary XML text. */
    public YXmlText() {
        super();
    }

    @Override
    AbstractType copyEmpty() {
        return new YXmlText();
    }

    @Override
    void writeTypeRef(UpdateEncoderV1 encoder) {
        encoder.writeTypeRef(ContentType.Y_XML_TEXT);
    }

    /**
     * The delta rendered as Yjs does: each formatting attribute becomes a tag around the text
     * ({@code bold: {}} gives {@code <bold>text</bold>}; the attribute's value's entries become the tag's
     * XML attributes), tags and XML attributes sorted by name.
     *
     * @return the XML string (empty while the text is not part of a document)
     */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        for (Map<String, Object> delta : computeDelta()) {
            List<String> nodeNames = new ArrayList<>();
            List<List<String[]>> nodeAttrs = new ArrayList<>();
            Object attributes = delta.get("attributes");
            if (attributes instanceof Map<?, ?> attrMap) {
                for (Map.Entry<?, ?> e : attrMap.entrySet()) {
                    List<String[]> attrs = forInEntries(e.getValue());
                    // sort attributes to get a unique order
                    attrs.sort((a, b) -> a[0].compareTo(b[0]));
                    nodeNames.add((String) e.getKey());
                    nodeAttrs.add(attrs);
                }
            }
            // sort node order to get a unique order
            Integer[] order = new Integer[nodeNames.size()];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            java.util.Arrays.sort(order, (a, b) -> nodeNames.get(a).compareTo(nodeNames.get(b)));
            for (Integer i : order) {
                out.append('<').append(nodeNames.get(i));
                for (String[] attr : nodeAttrs.get(i)) {
                    out.append(' ').append(attr[0]).append("=\"").append(attr[1]).append('"');
                }
                out.append('>');
            }
            out.append(jsString(delta.get("insert")));
            for (int j = order.length - 1; j >= 0; j--) {
                out.append("</").append(nodeNames.get(order[j])).append('>');
            }
        }
        return out.toString();
    }

    /**
     * Same as {@link #toString()} (Yjs {@code toJSON}).
     *
     * @return the XML string
     */
    @Override
    public Object toJSON() {
        return toString();
    }

    /**
     * The (key, String(value)) pairs JS {@code for (const key in value)} visits: a map's entries, an
     * array's or a string's indices; nothing for numbers, booleans and null.
     */
    private static List<String[]> forInEntries(Object value) {
        List<String[]> entries = new ArrayList<>();
        if (value instanceof Map<?, ?> map) {
            @SuppressWarnings("unchecked")
            Map<String, ?> m = (Map<String, ?>) map;
            for (Map.Entry<String, ?> e : JsValues.inJsKeyOrder(m).entrySet()) {
                entries.add(new String[] {e.getKey(), jsString(e.getValue())});
            }
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                entries.add(new String[] {Integer.toString(i), jsString(list.get(i))});
            }
        } else if (value instanceof String s) {
            for (int i = 0; i < s.length(); i++) {
                entries.add(new String[] {Integer.toString(i), String.valueOf(s.charAt(i))});
            }
        } else if (value instanceof byte[] bytes) {
            for (int i = 0; i < bytes.length; i++) {
                entries.add(new String[] {Integer.toString(i), Integer.toString(bytes[i] & 0xFF)});
            }
        }
        return entries;
    }

    /** JS {@code String(value)} on the value model (and shared types, as their toString in Yjs). */
    static String jsString(Object value) {
        if (value == null) {
            return "null";
        }
        if (value == Undefined.INSTANCE) {
            return "undefined";
        }
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof BigInteger big) {
            return big.toString();
        }
        if (value instanceof Number n) {
            return JsValues.numberToString(n.doubleValue());
        }
        if (value instanceof Boolean b) {
            return b.toString();
        }
        if (value instanceof List<?> list) {
            // Array.prototype.join(","): null and undefined become ""
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                Object v = list.get(i);
                if (v != null && v != Undefined.INSTANCE) {
                    sb.append(jsString(v));
                }
            }
            return sb.toString();
        }
        if (value instanceof byte[] bytes) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < bytes.length; i++) {
                if (i > 0) {
                    sb.append(',');
                }
                sb.append(bytes[i] & 0xFF);
            }
            return sb.toString();
        }
        if (value instanceof YText || value instanceof YXmlFragment || value instanceof YXmlElement) {
            // Yjs defines toString on these types only
            return value.toString();
        }
        return "[object Object]";
    }
}
