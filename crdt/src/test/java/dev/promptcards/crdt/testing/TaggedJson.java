package dev.promptcards.crdt.testing;

import dev.promptcards.crdt.lib0.JsJson;
import dev.promptcards.crdt.lib0.Undefined;

import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JSON-safe tagged form shared with harness.mjs, for values JSON cannot carry:
 * <pre>
 *   undefined          {"$undefined":true}
 *   -0, NaN, ±Infinity {"$number":"-0"} {"$number":"NaN"} {"$number":"Infinity"} {"$number":"-Infinity"}
 *   bigint             {"$bigint":"123"}
 *   Uint8Array         {"$bytes":"base64"}
 *   a Y.Doc            {"$doc":"guid"}
 *   an object with a key starting with "$": {"$object":{...its entries, keys literal...}}
 * </pre>
 * Java side of the JS value model (crdt-api.md): Long/Double, BigInteger, String, Boolean, null,
 * {@link Undefined#INSTANCE}, Map, List, byte[].
 */
public final class TaggedJson {

    private static final double MAX_SAFE = 9007199254740992.0; // 2^53

    private TaggedJson() {
    }

    /** Java value -> tagged JSON value (key order kept). */
    public static Object toTagged(Object v) {
        if (v == null || v instanceof String || v instanceof Boolean) {
            return v;
        }
        if (v == Undefined.INSTANCE) {
            return tag("$undefined", true);
        }
        if (v instanceof BigInteger b) {
            return tag("$bigint", b.toString());
        }
        if (v instanceof Number n) {
            return number(n);
        }
        if (v instanceof Character c) {
            return String.valueOf(c);
        }
        if (v instanceof byte[] bytes) {
            return tag("$bytes", Base64.getEncoder().encodeToString(bytes));
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            boolean dollar = false;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String k = String.valueOf(e.getKey());
                dollar |= k.startsWith("$");
                out.put(k, toTagged(e.getValue()));
            }
            return dollar ? tag("$object", out) : out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            for (Object o : l) {
                out.add(toTagged(o));
            }
            return out;
        }
        if (v instanceof Object[] a) {
            return toTagged(List.of(a));
        }
        String cls = v.getClass().getName();
        if (cls.equals("dev.promptcards.crdt.Doc")) {
            return tag("$doc", String.valueOf(invoke(v, "guid")));
        }
        if (cls.startsWith("dev.promptcards.crdt.Y")) {
            // a live shared type: as its toJSON(), the way Yjs's toJSON of a parent renders it
            return toTagged(invoke(v, "toJSON"));
        }
        throw new IllegalArgumentException("not a JS value: " + cls + " " + v);
    }

    /** A number as JS would hold it: Long when integral and |x| <= 2^53 and not -0, else Double / a $number tag. */
    public static Object number(Number n) {
        if (n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte) {
            long l = n.longValue();
            return Math.abs((double) l) <= MAX_SAFE ? (Object) l : (Object) (double) l;
        }
        double d = n instanceof BigDecimal bd ? bd.doubleValue() : n.doubleValue();
        if (Double.isNaN(d)) {
            return tag("$number", "NaN");
        }
        if (Double.isInfinite(d)) {
            return tag("$number", d > 0 ? "Infinity" : "-Infinity");
        }
        if (d == 0 && 1 / d < 0) {
            return tag("$number", "-0");
        }
        if (d == Math.rint(d) && Math.abs(d) <= MAX_SAFE) {
            return (long) d;
        }
        return d;
    }

    /** Tagged JSON value -> Java value ({"$doc":guid} stays a map: the tests compare guids). */
    public static Object fromTagged(Object t) {
        if (t instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            for (Object o : l) {
                out.add(fromTagged(o));
            }
            return out;
        }
        if (t instanceof Number n) {
            return number(n);
        }
        if (!(t instanceof Map<?, ?> m)) {
            return t;
        }
        if (m.size() == 1) {
            Map.Entry<?, ?> e = m.entrySet().iterator().next();
            Object val = e.getValue();
            switch (String.valueOf(e.getKey())) {
                case "$undefined":
                    return Undefined.INSTANCE;
                case "$number":
                    return switch ((String) val) {
                        case "-0" -> -0.0;
                        case "NaN" -> Double.NaN;
                        case "Infinity" -> Double.POSITIVE_INFINITY;
                        case "-Infinity" -> Double.NEGATIVE_INFINITY;
                        default -> number(Double.parseDouble((String) val));
                    };
                case "$bigint":
                    return new BigInteger((String) val);
                case "$bytes":
                    return Base64.getDecoder().decode((String) val);
                case "$object": {
                    Map<String, Object> out = new LinkedHashMap<>();
                    ((Map<?, ?>) val).forEach((k, v) -> out.put(String.valueOf(k), fromTagged(v)));
                    return out;
                }
                default:
                    break;
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(String.valueOf(k), fromTagged(v)));
        return out;
    }

    /** Sorts object keys recursively (UTF-16 order, as JS Array#sort does for strings). */
    public static Object sortKeys(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> sorted = new TreeMap<>();
            m.forEach((k, x) -> sorted.put(String.valueOf(k), sortKeys(x)));
            return new LinkedHashMap<>(sorted);
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            for (Object o : l) {
                out.add(sortKeys(o));
            }
            return out;
        }
        return v;
    }

    /**
     * The canonical JSON text of a Java value: tagged, keys sorted, stringified with JsJson. Equal to
     * {@code JsJson.stringify} of what the harness's {@code toJSON} returns for the same content.
     */
    public static String canonical(Object javaValue) {
        return JsJson.stringify(sortKeys(toTagged(javaValue)));
    }

    /** The canonical JSON text of a value that is already tagged (e.g. a harness result). */
    public static String canonicalTagged(Object tagged) {
        return JsJson.stringify(sortKeys(tagged));
    }

    private static Map<String, Object> tag(String k, Object v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(k, v);
        return m;
    }

    private static Object invoke(Object target, String method) {
        try {
            Method m = target.getClass().getMethod(method);
            m.setAccessible(true);
            return m.invoke(target);
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("cannot call " + method + "() on " + target.getClass().getName(), e);
        }
    }
}
