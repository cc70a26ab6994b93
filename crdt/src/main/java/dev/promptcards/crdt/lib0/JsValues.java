package dev.promptcards.crdt.lib0;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Helpers for the JS value model used throughout the crdt module.
 *
 * <p>The model: JS number is a {@link Long} when it is integral, not {@code -0} and |x| &lt;= 2^53,
 * otherwise a {@link Double} (so {@code 3.0} is {@code Long 3}, {@code -0} is {@code Double -0.0});
 * bigint is {@link BigInteger}; string {@link String}; boolean {@link Boolean}; null is {@code null};
 * undefined is {@link Undefined#INSTANCE}; object is a {@code Map<String,Object>} (a {@link LinkedHashMap}
 * in JS key order); array is a {@code List<Object>}; Uint8Array is {@code byte[]}.
 *
 * <p>As input, any {@link Number} other than {@link BigInteger} is accepted as a JS number and judged by its
 * {@code double} value, exactly as JS would see it.
 *
 * <p>JS object key order (ECMA-262 OrdinaryOwnPropertyKeys): keys that are array indices
 * ({@code "0"} .. {@code "4294967294"} in canonical form) first, in ascending numeric order, then the other
 * keys in insertion order. Decoders in this package return maps in that order, and encoders visit map
 * entries in that order whatever the map's own iteration order, so re-encoding matches what JS would write.
 */
public final class JsValues {

    /** JS {@code Number.MAX_SAFE_INTEGER}, 2^53 - 1. */
    public static final long MAX_SAFE_INTEGER = (1L << 53) - 1;

    /** 2^53, the largest magnitude an integral number may have and still be a {@link Long} in the model. */
    static final long TWO_POW_53 = 1L << 53;

    /** Largest array index, 2^32 - 2 (ECMA-262 "array index"). */
    private static final long MAX_ARRAY_INDEX = 4294967294L;

    private JsValues() {
    }

    /**
     * Returns the model representation of a JS number: a {@link Long} when {@code d} is integral, not
     * {@code -0} and |d| &lt;= 2^53; otherwise a {@link Double} (including NaN, infinities and -0).
     *
     * @param d the number
     * @return a {@code Long} or a {@code Double}
     */
    public static Number normalizeNumber(double d) {
        if (d >= -TWO_POW_53 && d <= TWO_POW_53) {
            long l = (long) d;
            if (l == d && (l != 0 || Double.doubleToRawLongBits(d) == 0L)) {
                return l;
            }
        }
        return d;
    }

    /**
     * Returns the model representation of any JS number given as a Java {@link Number}, judged by its
     * {@code double} value (so {@code Long.MAX_VALUE} becomes {@code 9.223372036854776E18}).
     *
     * @param n the number; not a {@link BigInteger} (that is a JS bigint)
     * @return a {@code Long} or a {@code Double}
     * @throws IllegalArgumentException if {@code n} is a {@code BigInteger}
     */
    public static Number normalizeNumber(Number n) {
        if (n instanceof Long l && l >= -TWO_POW_53 && l <= TWO_POW_53) {
            return l;
        }
        if (n instanceof Integer i) {
            return (long) i;
        }
        return normalizeNumber(toDouble(n));
    }

    /**
     * Returns the JS number value of {@code n}: its {@code double} value.
     *
     * @param n the number; not a {@link BigInteger}
     * @return the double value
     * @throws IllegalArgumentException if {@code n} is a {@code BigInteger} (JS: "Cannot convert a BigInt
     *                                  value to a number")
     */
    public static double toDouble(Number n) {
        if (n instanceof BigInteger) {
            throw new IllegalArgumentException("a BigInteger is a JS bigint, not a number");
        }
        return n.doubleValue();
    }

    /**
     * Returns {@code d} formatted exactly as JS {@code Number.prototype.toString()} does: shortest
     * round-trip digits, exponent form for values &gt;= 1e21 or &lt; 1e-6 ({@code "1e+21"},
     * {@code "1.5e-7"}), {@code "0"} for -0, {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"}.
     *
     * @param d the number
     * @return its JS string form
     */
    public static String numberToString(double d) {
        return JsNumberFormat.toString(d);
    }

    /**
     * Tells whether {@code key} is an array index in canonical form, {@code "0"} .. {@code "4294967294"}
     * without leading zeros or sign. Such keys come first, ascending, in JS object key order.
     *
     * @param key a property key
     * @return whether JS treats it as an array index
     */
    public static boolean isArrayIndex(String key) {
        return arrayIndex(key) >= 0;
    }

    /** The numeric value of an array-index key, or -1 if the key is not one. */
    static long arrayIndex(String key) {
        int len = key.length();
        if (len == 0 || len > 10) {
            return -1;
        }
        char first = key.charAt(0);
        if (first < '0' || first > '9' || (first == '0' && len > 1)) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < len; i++) {
            char c = key.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value <= MAX_ARRAY_INDEX ? value : -1;
    }

    /**
     * Returns a new {@link LinkedHashMap} with the entries of {@code map} in JS key order: array-index keys
     * ascending, then the others in {@code map}'s iteration order.
     *
     * @param map a map with string keys
     * @param <V> the value type
     * @return a new map in JS key order
     */
    public static <V> LinkedHashMap<String, V> inJsKeyOrder(Map<String, ? extends V> map) {
        LinkedHashMap<String, V> out = LinkedHashMap.newLinkedHashMap(map.size());
        for (Map.Entry<?, ?> e : entriesInJsOrder(map)) {
            @SuppressWarnings("unchecked")
            V value = (V) e.getValue();
            out.put((String) e.getKey(), value);
        }
        return out;
    }

    /**
     * Returns a deep copy of {@code value} in the canonical value model: numbers normalized
     * ({@link #normalizeNumber(Number)}), maps copied into {@link LinkedHashMap}s in JS key order, lists
     * copied into {@link ArrayList}s, {@code byte[]} copied; strings, booleans, null, {@link Undefined} and
     * {@link BigInteger} kept.
     *
     * @param value a value of the JS value model (numbers may be any {@link Number})
     * @return the canonical copy
     * @throws IllegalArgumentException for anything outside the model (including non-string map keys)
     *                                  or nesting deeper than {@value Decoder#MAX_DEPTH} levels
     */
    public static Object normalize(Object value) {
        return normalize(value, 0);
    }

    private static Object normalize(Object value, int depth) {
        if (value == null || value instanceof String || value instanceof Boolean
                || value instanceof Undefined || value instanceof BigInteger) {
            return value;
        }
        if (value instanceof Number n) {
            return normalizeNumber(n);
        }
        if (value instanceof byte[] bytes) {
            return bytes.clone();
        }
        if (depth >= Decoder.MAX_DEPTH) {
            throw new IllegalArgumentException("value nested deeper than " + Decoder.MAX_DEPTH
                    + " levels (or circular)");
        }
        if (value instanceof Map<?, ?> map) {
            Collection<? extends Map.Entry<?, ?>> entries = entriesInJsOrder(map);
            LinkedHashMap<String, Object> out = LinkedHashMap.newLinkedHashMap(entries.size());
            for (Map.Entry<?, ?> e : entries) {
                out.put((String) e.getKey(), normalize(e.getValue(), depth + 1));
            }
            return out;
        }
        if (value instanceof List<?> list) {
            ArrayList<Object> out = new ArrayList<>(list.size());
            for (Object item : list) {
                out.add(normalize(item, depth + 1));
            }
            return out;
        }
        throw unsupported(value);
    }

    static IllegalArgumentException unsupported(Object value) {
        return new IllegalArgumentException("not a JS value-model type: " + value.getClass().getName());
    }

    /**
     * The entries of {@code map} in JS key order: the map's own entry set when it already iterates in that
     * order (the common case, and always so for maps made by this package), else a sorted copy.
     *
     * @throws IllegalArgumentException if a key is not a String
     */
    static Collection<? extends Map.Entry<?, ?>> entriesInJsOrder(Map<?, ?> map) {
        List<Map.Entry<?, ?>> sorted = sortedEntriesOrNull(map);
        return sorted == null ? map.entrySet() : sorted;
    }

    /** The entries of {@code map} in JS key order, or null when the map already iterates in that order. */
    private static List<Map.Entry<?, ?>> sortedEntriesOrNull(Map<?, ?> map) {
        boolean inOrder = true;
        boolean seenNamed = false;
        long lastIndex = -1;
        int indexCount = 0;
        for (Object key : map.keySet()) {
            if (!(key instanceof String s)) {
                throw new IllegalArgumentException("JS object keys must be strings, got "
                        + (key == null ? "null" : key.getClass().getName()));
            }
            long index = arrayIndex(s);
            if (index >= 0) {
                indexCount++;
                if (seenNamed || index <= lastIndex) {
                    inOrder = false;
                }
                lastIndex = index;
            } else {
                seenNamed = true;
            }
        }
        if (inOrder) {
            return null;
        }
        Map.Entry<?, ?>[] indexed = new Map.Entry<?, ?>[indexCount];
        int i = 0;
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (arrayIndex((String) e.getKey()) >= 0) {
                indexed[i++] = e;
            }
        }
        Arrays.sort(indexed, (x, y) -> Long.compare(arrayIndex((String) x.getKey()),
                arrayIndex((String) y.getKey())));
        List<Map.Entry<?, ?>> out = new ArrayList<>(map.size());
        out.addAll(Arrays.asList(indexed));
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (arrayIndex((String) e.getKey()) < 0) {
                out.add(e);
            }
        }
        return out;
    }

    /**
     * Puts {@code key -> value} into a map being built in insertion order, as JS property assignment /
     * CreateDataProperty does: an existing key keeps its position and gets the new value.
     * Afterwards {@link #finishObject} restores JS key order.
     */
    static boolean putTracking(LinkedHashMap<String, Object> map, String key, Object value) {
        map.put(key, value);
        return arrayIndex(key) >= 0;
    }

    /** Returns {@code map} in JS key order; {@code hasIndexKeys} says whether any key was an array index. */
    static LinkedHashMap<String, Object> finishObject(LinkedHashMap<String, Object> map, boolean hasIndexKeys) {
        if (!hasIndexKeys) {
            return map;
        }
        List<Map.Entry<?, ?>> sorted = sortedEntriesOrNull(map);
        if (sorted == null) {
            return map;
        }
        LinkedHashMap<String, Object> out = LinkedHashMap.newLinkedHashMap(sorted.size());
        for (Map.Entry<?, ?> e : sorted) {
            out.put((String) e.getKey(), e.getValue());
        }
        return out;
    }
}
