package dev.promptcards.crdt;

import dev.promptcards.crdt.lib0.JsValues;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A shared map from strings to values. Yjs: {@code types/YMap.js} (type ref 1). Concurrent sets of
 * one key converge on the same winner everywhere.
 *
 * <p>Values are those of {@link YArray} (see there), and also {@code BigInteger} (JS bigint) and
 * {@link dev.promptcards.crdt.lib0.Undefined} at the top level, as Yjs's {@code set} accepts them.
 *
 * <p>A new {@code YMap} is <em>preliminary</em>: it collects entries locally and reads them back until
 * it is inserted into a document (then its entries are set in it, as in Yjs). Once part of a document,
 * every change runs in a transaction of that document. Not thread-safe, like {@link Doc}.
 */
public class YMap extends AbstractType {
    /** Entries collected before integration (Yjs {@code _prelimContent}); null afterwards. */
    private Map<String, Object> prelimContent = new LinkedHashMap<>();

    /** A new, preliminary, empty map; insert it into a document to share it. */
    public YMap() {
    }

    /** A new, preliminary map holding {@code entries} (Yjs {@code new YMap(entries)}). */
    public YMap(Map<String, ?> entries) {
        entries.forEach((key, value) -> prelimContent.put(Objects.requireNonNull(key, "key"),
                TypeValues.prepareValue(value, null)));
    }

    @Override
    void integrate(Doc doc, Item item) {
        super.integrate(doc, item);
        Map<String, Object> content = prelimContent;
        prelimContent = null;
        if (content != null && !content.isEmpty()) {
            // Yjs _integrate: this.set(key, value) for each prelim entry, in insertion order
            doc.transact(tr -> content.forEach((key, value) -> typeMapSet(tr, this, key, value)));
        }
    }

    @Override
    AbstractType copyEmpty() {
        return new YMap();
    }

    @Override
    void writeTypeRef(UpdateEncoderV1 encoder) {
        encoder.writeTypeRef(ContentType.Y_MAP);
    }

    /**
     * Sets {@code key} to {@code value}, replacing any previous value.
     *
     * @return {@code value}, as given
     * @throws IllegalArgumentException if the value cannot be stored (nothing changes then)
     */
    public Object set(String key, Object value) {
        Objects.requireNonNull(key, "key");
        Object prepared = TypeValues.prepareValue(value, this);
        if (doc != null) {
            doc.transact(tr -> typeMapSet(tr, this, key, prepared));
        } else {
            prelimContent.put(key, prepared);
        }
        return value;
    }

    /**
     * The value of {@code key}: a nested type as the live object, plain values as copies; null when
     * the key has no value (Yjs returns undefined; {@link #has} tells a stored null from none).
     */
    public Object get(String key) {
        Object value;
        if (prelimContent != null) {
            value = prelimContent.containsKey(key) ? prelimContent.get(key) : NO_VALUE;
        } else {
            value = typeMapGet(this, key);
        }
        return value == NO_VALUE ? null : TypeValues.copyOut(value);
    }

    /** Removes {@code key} (nothing happens when it has no value). */
    public void delete(String key) {
        if (doc != null) {
            doc.transact(tr -> typeMapDelete(tr, this, key));
        } else {
            prelimContent.remove(key);
        }
    }

    /** Whether {@code key} has a value (possibly null). */
    public boolean has(String key) {
        return prelimContent != null ? prelimContent.containsKey(key) : typeMapHas(this, key);
    }

    /** The keys with a value, in the order they were first set (Yjs: JS {@code Map} order). */
    public List<String> keys() {
        if (prelimContent != null) {
            return new ArrayList<>(prelimContent.keySet());
        }
        List<String> keys = new ArrayList<>();
        map.forEach((key, item) -> {
            if (!item.isDeleted()) {
                keys.add(key);
            }
        });
        return keys;
    }

    /** The number of keys with a value. */
    public int size() {
        if (prelimContent != null) {
            return prelimContent.size();
        }
        int size = 0;
        for (Item item : map.values()) {
            if (!item.isDeleted()) {
                size++;
            }
        }
        return size;
    }

    /** The entries with a value, in {@link #keys()} order; values as {@link #get} returns them. */
    public Map<String, Object> entries() {
        Map<String, Object> all = prelimContent != null ? new LinkedHashMap<>(prelimContent) : typeMapGetAll(this);
        all.replaceAll((key, value) -> TypeValues.copyOut(value));
        return all;
    }

    /** Removes every key. */
    public void clear() {
        if (doc != null) {
            doc.transact(tr -> map.forEach((key, item) -> {
                if (!item.isDeleted()) {
                    typeMapDelete(tr, this, key);
                }
            }));
        } else {
            prelimContent.clear();
        }
    }

    /**
     * The entries as a plain JS object: nested types by their {@code toJSON()}, keys in JS object order
     * (array-index keys such as "2" first, ascending, then the others in {@link #keys()} order).
     */
    @Override
    public Map<String, Object> toJSON() {
        Map<String, Object> all = prelimContent != null ? new LinkedHashMap<>(prelimContent) : typeMapGetAll(this);
        all.replaceAll((key, value) -> TypeValues.toJSONValue(value));
        return JsValues.inJsKeyOrder(all);
    }
}
