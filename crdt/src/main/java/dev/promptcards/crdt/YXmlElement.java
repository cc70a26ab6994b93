package dev.promptcards.crdt;

import dev.promptcards.crdt.lib0.JsValues;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A shared XML element: a node name, attributes (kept in the type's map part) and child nodes (its list
 * part, as in {@link YXmlFragment}). Yjs: {@code types/YXmlElement.js} (type ref 3, followed by the
 * node name).
 *
 * <p>A new element is <em>preliminary</em> until it is inserted into a document (then its children and
 * then its attributes are added, as in Yjs). Not thread-safe, like {@link Doc}.
 */
public class YXmlElement extends YXmlFragment {
    private final String nodeName;
    /** Attributes set before integration (Yjs {@code _prelimAttrs}); null afterwards. */
    private Map<String, Object> prelimAttrs = new LinkedHashMap<>();

    /** A new element named {@code "UNDEFINED"} (the Yjs default). */
    public YXmlElement() {
        this("UNDEFINED");
    }

    /** A new, preliminary element named {@code nodeName}. */
    public YXmlElement(String nodeName) {
        this.nodeName = Objects.requireNonNull(nodeName, "nodeName");
    }

    /** The node name, as given (the XML rendering lower-cases it). */
    public String nodeName() {
        return nodeName;
    }

    @Override
    void integrate(Doc doc, Item item) {
        super.integrate(doc, item);
        Map<String, Object> attrs = prelimAttrs;
        prelimAttrs = null;
        if (attrs != null && !attrs.isEmpty()) {
            // Yjs _integrate: children first (super), then setAttribute for each prelim attribute
            doc.transact(tr -> attrs.forEach((key, value) -> typeMapSet(tr, this, key, value)));
        }
    }

    @Override
    AbstractType copyEmpty() {
        return new YXmlElement(nodeName);
    }

    @Override
    void writeTypeRef(UpdateEncoderV1 encoder) {
        encoder.writeTypeRef(ContentType.Y_XML_ELEMENT);
        encoder.writeKey(nodeName);
    }

    /**
     * Sets an attribute. Values are usually strings; any value a {@link YMap} takes is accepted.
     *
     * @throws IllegalArgumentException if the value cannot be stored (nothing changes then)
     */
    public void setAttribute(String name, Object value) {
        Objects.requireNonNull(name, "name");
        Object prepared = TypeValues.prepareValue(value, this);
        if (doc != null) {
            doc.transact(tr -> typeMapSet(tr, this, name, prepared));
        } else {
            prelimAttrs.put(name, prepared);
        }
    }

    /** Removes an attribute (nothing happens when it is not set). */
    public void removeAttribute(String name) {
        if (doc != null) {
            doc.transact(tr -> typeMapDelete(tr, this, name));
        } else {
            prelimAttrs.remove(name);
        }
    }

    /** The value of an attribute, or null when it is not set. */
    public Object getAttribute(String name) {
        Object value;
        if (prelimAttrs != null) {
            value = prelimAttrs.containsKey(name) ? prelimAttrs.get(name) : NO_VALUE;
        } else {
            value = typeMapGet(this, name);
        }
        return value == NO_VALUE ? null : TypeValues.copyOut(value);
    }

    /** Whether an attribute is set. */
    public boolean hasAttribute(String name) {
        return prelimAttrs != null ? prelimAttrs.containsKey(name) : typeMapHas(this, name);
    }

    /**
     * All attributes as a JS object (Yjs {@code getAttributes}): array-index names such as "2" first,
     * ascending, then the others in the order they were first set.
     */
    public Map<String, Object> getAttributes() {
        Map<String, Object> attrs = rawAttributes();
        attrs.replaceAll((key, value) -> TypeValues.copyOut(value));
        return JsValues.inJsKeyOrder(attrs);
    }

    private Map<String, Object> rawAttributes() {
        return prelimAttrs != null ? new LinkedHashMap<>(prelimAttrs) : typeMapGetAll(this);
    }

    /**
     * The XML rendering as Yjs produces it: {@code <nodename a="1" b="x">children</nodename>}, the node
     * name lower-cased, attributes sorted by name (UTF-16 order, JS {@code Array#sort}) and their values
     * printed as JS {@code String(value)} (no escaping, as in Yjs).
     */
    @Override
    public String toString() {
        Map<String, Object> attrs = rawAttributes();
        List<String> keys = new ArrayList<>(attrs.keySet());
        Collections.sort(keys); // String#compareTo compares UTF-16 code units, like JS sort
        StringBuilder out = new StringBuilder();
        // Yjs: nodeName.toLocaleLowerCase(); the root locale avoids e.g. Turkish dotless i
        String name = nodeName.toLowerCase(Locale.ROOT);
        out.append('<').append(name);
        for (String key : keys) {
            out.append(' ').append(key).append("=\"").append(TypeValues.jsString(attrs.get(key))).append('"');
        }
        out.append('>').append(super.toString()).append("</").append(name).append('>');
        return out.toString();
    }
}
