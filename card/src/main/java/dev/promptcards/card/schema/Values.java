package dev.promptcards.card.schema;

import dev.promptcards.crdt.YMap;
import dev.promptcards.crdt.YText;
import dev.promptcards.crdt.lib0.JsValues;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How the readers turn stored values into Java ones, tolerating what another client wrote wrongly, and
 * reading exactly as the web client does ({@code src/card/schema.ts}, {@code src/card/runs.ts}).
 */
final class Values {

    private Values() {}

    /** A string as stored, else null. */
    static String string(Object value) {
        return value instanceof String s ? s : null;
    }

    /** JS {@code String(value)}, with absent or null read as "" (runs.ts {@code text}). */
    static String text(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof Number n) {
            return JsValues.numberToString(JsValues.toDouble(n));
        }
        return String.valueOf(value);
    }

    /** The content of a {@code Y.Text}, else null. */
    static String yText(Object value) {
        return value instanceof YText text ? text.toString() : null;
    }

    /** A number as stored, else null. */
    static Double number(Object value) {
        return value instanceof Number n ? JsValues.toDouble(n) : null;
    }

    /** A number read as the runs panel does: absent (null) stays absent, anything else not a number is 0. */
    static Double optionalNumber(Object value) {
        if (value == null) {
            return null;
        }
        Double number = number(value);
        return number == null || !Double.isFinite(number) ? 0.0 : number;
    }

    /** {@link #optionalNumber} as a whole number; null when it is not one. */
    static Long optionalWhole(Object value) {
        return whole(optionalNumber(value));
    }

    /** A number as the runs panel reads it where it needs one: 0 when absent or not a finite number. */
    static long wholeOrZero(Object value) {
        Long whole = whole(number(value));
        return whole == null ? 0 : whole;
    }

    /** A number that is whole (and safe in JS) as a long; null for anything else. */
    static Long whole(Double number) {
        if (number == null || number != Math.rint(number) || Math.abs(number) > JsValues.MAX_SAFE_INTEGER) {
            return null;
        }
        return number.longValue();
    }

    /** A plain object, or a {@code Y.Map} read as one (runs.ts {@code plain}); null for anything else. */
    static Map<String, Object> plainObject(Object value) {
        if (value instanceof YMap map) {
            return map.toJSON();
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> object = new LinkedHashMap<>();
            map.forEach((key, item) -> object.put(String.valueOf(key), item));
            return object;
        }
        return null;
    }

    /** Puts {@code value} into {@code map} unless it is null (absent keys stay absent). */
    static void putIfPresent(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
