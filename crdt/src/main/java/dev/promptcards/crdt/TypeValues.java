package dev.promptcards.crdt;

import dev.promptcards.crdt.lib0.JsValues;
import dev.promptcards.crdt.lib0.Undefined;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * How Java values become the content of YArray / YMap / XML items, and how stored values are handed
 * back. The JS value model is the one of {@link JsValues}; Yjs decides by a value's constructor
 * ({@code typeListInsertGenericsAfter} and {@code typeMapSet} in {@code types/AbstractType.js}):
 * <ul>
 * <li>null, numbers, strings, booleans, plain objects ({@code Map}) and arrays ({@code List}): plain
 * values, stored in {@link ContentAny} (consecutive ones in a list share one item);</li>
 * <li>{@code byte[]} (Uint8Array): {@link ContentBinary};</li>
 * <li>{@link Doc}: {@link ContentDoc} (a sub-document);</li>
 * <li>{@link AbstractType}: {@link ContentType} (the Java object becomes the live nested type).</li>
 * </ul>
 * Top-level {@link Undefined} and {@link BigInteger} (JS undefined and bigint) are accepted as map
 * values only: Yjs's list insertion throws on them, its map {@code set} stores them. Inside plain
 * objects and arrays every value of the model is accepted. Anything else is rejected up front with an
 * {@link IllegalArgumentException}, before the document changes.
 */
final class TypeValues {
    private TypeValues() {
    }

    /**
     * Checks and copies the values of a list insertion: plain values are deep-copied into the value
     * model ({@link JsValues#normalize}, so later changes to the caller's objects do not reach the
     * document), {@code byte[]} is copied (Yjs {@code new Uint8Array(c)}), types and docs are checked.
     */
    static List<Object> prepareListValues(List<?> content, AbstractType parent) {
        if (content == null) {
            throw new IllegalArgumentException("content must be a list (use List.of() for none)");
        }
        List<Object> prepared = new ArrayList<>(content.size());
        IdentityHashMap<Object, Boolean> seen = new IdentityHashMap<>();
        for (Object c : content) {
            if (c == Undefined.INSTANCE || c instanceof BigInteger) {
                // Yjs typeListInsertGenericsAfter: `c.constructor` fails for undefined; BigInt is not accepted
                throw new IllegalArgumentException("a list cannot hold " + describe(c)
                        + " (Yjs rejects it); wrap it in a Map or List, or use a YMap");
            }
            if ((c instanceof AbstractType || c instanceof Doc) && seen.put(c, Boolean.TRUE) != null) {
                throw new IllegalArgumentException("the same " + describe(c) + " is inserted twice");
            }
            prepared.add(prepareValue(c, parent));
        }
        return prepared;
    }

    /** Checks and copies one value for a map entry or list element (see the class comment). */
    static Object prepareValue(Object value, AbstractType parent) {
        if (value instanceof AbstractType type) {
            checkInsertable(type, parent);
            return type;
        }
        if (value instanceof Doc doc) {
            checkInsertable(doc, parent);
            return doc;
        }
        if (value instanceof byte[] bytes) {
            return bytes.clone();
        }
        try {
            return JsValues.normalize(value);
        } catch (IllegalArgumentException | ClassCastException e) {
            throw new IllegalArgumentException("unexpected content type " + describe(value)
                    + ": use null, a Number, String, Boolean, Map<String,?>, List, byte[], a shared type or a Doc", e);
        }
    }

    /** The content of a map entry for a prepared value (Yjs {@code typeMapSet}). */
    static Content mapContent(Object value) {
        if (value instanceof byte[] bytes) {
            return new ContentBinary(bytes);
        }
        if (value instanceof Doc doc) {
            return new ContentDoc(doc);
        }
        if (value instanceof AbstractType type) {
            checkInsertable(type, null);
            return new ContentType(type);
        }
        List<Object> single = new ArrayList<>(1);
        single.add(value);
        return new ContentAny(single);
    }

    /** A type can be nested once, and never in itself or a type nested in it. */
    static void checkInsertable(AbstractType type, AbstractType parent) {
        if (type.doc != null || type.item != null) {
            throw new IllegalArgumentException("this " + type.getClass().getSimpleName()
                    + " is already part of a document; insert a new instance");
        }
        for (AbstractType p = parent; p != null; p = p.parent()) {
            if (p == type) {
                throw new IllegalArgumentException("a type cannot be inserted into itself");
            }
        }
    }

    private static void checkInsertable(Doc doc, AbstractType parent) {
        if (doc.item != null) {
            // Yjs only logs an error here and breaks the sub-document
            throw new IllegalArgumentException("this Doc is already a sub-document; create another Doc with its guid");
        }
        if (parent != null && parent.doc == doc) {
            throw new IllegalArgumentException("a Doc cannot be inserted into itself");
        }
    }

    /**
     * A stored value as handed to callers: nested types and docs as they are (live), plain values and
     * binaries as fresh copies, so callers cannot change the document's content by accident.
     */
    static Object copyOut(Object value) {
        if (value instanceof AbstractType || value instanceof Doc) {
            return value;
        }
        if (value instanceof byte[] bytes) {
            return bytes.clone();
        }
        if (value instanceof Map<?, ?> || value instanceof List<?>) {
            return JsValues.normalize(value);
        }
        return value; // immutable: null, Undefined, Long, Double, BigInteger, String, Boolean
    }

    /** A stored value as plain data: nested types by their {@code toJSON()}. Yjs {@code toJSON}. */
    static Object toJSONValue(Object value) {
        if (value instanceof AbstractType type) {
            return type.toJSON();
        }
        return copyOut(value);
    }

    /**
     * JS {@code String(value)} for the values a list or map can hold, as Yjs's XML {@code toString}
     * produces them: numbers as JS prints them, arrays and binaries joined with ",", objects, maps,
     * arrays types and docs as {@code [object Object]}, text and XML types by their {@code toString()}.
     */
    static String jsString(Object value) {
        StringBuilder out = new StringBuilder();
        appendJsString(out, value, 0);
        return out.toString();
    }

    private static void appendJsString(StringBuilder out, Object value, int depth) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String s) {
            out.append(s);
        } else if (value instanceof BigInteger big) {
            out.append(big);
        } else if (value instanceof Number n) {
            out.append(JsValues.numberToString(n.doubleValue()));
        } else if (value instanceof byte[] bytes) {
            // Uint8Array#toString: the unsigned values joined with ","
            for (int i = 0; i < bytes.length; i++) {
                if (i > 0) {
                    out.append(',');
                }
                out.append(bytes[i] & 0xFF);
            }
        } else if (value instanceof List<?> list) {
            // Array#toString = join(","): null and undefined elements become ""
            if (depth > 100) {
                throw new IllegalArgumentException("array nested too deeply to print");
            }
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                Object element = list.get(i);
                if (element != null && element != Undefined.INSTANCE) {
                    appendJsString(out, element, depth + 1);
                }
            }
        } else if (value instanceof Map<?, ?> || value instanceof Doc || value instanceof YMap || value instanceof YArray) {
            // plain objects, Doc, YMap (and YXmlHook), YArray have no own toString in JS
            out.append("[object Object]");
        } else {
            // Boolean, Undefined, YText, YXmlText, YXmlFragment, YXmlElement
            out.append(value);
        }
    }

    private static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        if (value == Undefined.INSTANCE) {
            return "undefined";
        }
        if (value instanceof BigInteger) {
            return "BigInteger (a JS bigint)";
        }
        return value.getClass().getName();
    }
}
