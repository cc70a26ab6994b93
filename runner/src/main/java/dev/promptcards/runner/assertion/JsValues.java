package dev.promptcards.runner.assertion;

import dev.promptcards.crdt.lib0.JsJson;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The few JavaScript conversions promptfoo's assertions rely on, over the JS value model of {@code crdt}
 * (String, Long/Double, Boolean, List, Map, null): {@code String(v)}, {@code Array#join},
 * {@code Number(s)}, {@code toPrecision}, {@code toFixed}, the {@code \s} class and
 * {@code util.isDeepStrictEqual}.
 */
final class JsValues {

    private static final Pattern JS_DECIMAL =
            Pattern.compile("[+-]?(?:Infinity|(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?)");

    private JsValues() {
    }

    /** JS {@code String(value)}. */
    static String string(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof Number n) {
            return number(n);
        }
        if (value instanceof Boolean b) {
            return b.toString();
        }
        if (value instanceof List<?> list) {
            return join(list, ",");
        }
        if (value instanceof Map<?, ?>) {
            return "[object Object]";
        }
        return String.valueOf(value);
    }

    /** JS {@code array.join(separator)}: null elements become "". */
    static String join(List<?> list, String separator) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < list.size(); i++) {
            if (i > 0) {
                out.append(separator);
            }
            Object element = list.get(i);
            out.append(element == null ? "" : string(element));
        }
        return out.toString();
    }

    /** JS {@code Number#toString} of a number. */
    static String number(Number n) {
        return JsJson.stringify(n);
    }

    /** JS {@code Number(text)} for decimal text ("" and blanks are 0); other text (hex, words) is NaN. */
    static double parseNumber(String text) {
        String trimmed = trim(text);
        if (trimmed.isEmpty()) {
            return 0;
        }
        if (!JS_DECIMAL.matcher(trimmed).matches()) {
            return Double.NaN;
        }
        return Double.parseDouble(trimmed);
    }

    /** Whether {@code c} is in JS {@code \s} (WhiteSpace and LineTerminator, as {@code trim} uses). */
    static boolean isWhitespace(char c) {
        return c == ' ' || (c >= '\t' && c <= '\r') || c == '\u00A0' || c == '\u1680'
                || (c >= '\u2000' && c <= '\u200A') || c == '\u2028' || c == '\u2029' || c == '\u202F'
                || c == '\u205F' || c == '\u3000' || c == '\uFEFF';
    }

    /** JS {@code String#trim}. */
    static String trim(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isWhitespace(s.charAt(start))) {
            start++;
        }
        while (end > start && isWhitespace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(start, end);
    }

    /** JS {@code x.toPrecision(digits)}. */
    static String toPrecision(double x, int digits) {
        if (Double.isNaN(x)) {
            return "NaN";
        }
        if (Double.isInfinite(x)) {
            return x > 0 ? "Infinity" : "-Infinity";
        }
        if (x == 0) {
            return digits == 1 ? "0" : "0." + "0".repeat(digits - 1);
        }
        // JS picks the nearest n, the larger on a tie: half-up on the exact binary value.
        BigDecimal rounded = new BigDecimal(x).round(new MathContext(digits, RoundingMode.HALF_UP));
        int exponent = rounded.precision() - rounded.scale() - 1;
        if (exponent < -6 || exponent >= digits) {
            String unscaled = rounded.unscaledValue().abs().toString();
            String mantissa = (unscaled + "0".repeat(digits)).substring(0, digits);
            String sign = x < 0 ? "-" : "";
            String fraction = digits > 1 ? "." + mantissa.substring(1) : "";
            return sign + mantissa.charAt(0) + fraction + "e" + (exponent >= 0 ? "+" : "-") + Math.abs(exponent);
        }
        return rounded.setScale(Math.max(0, digits - 1 - exponent), RoundingMode.HALF_UP).toPlainString();
    }

    /** JS {@code x.toFixed(digits)} for finite values below 1e21. */
    static String toFixed(double x, int digits) {
        if (Double.isNaN(x)) {
            return "NaN";
        }
        return new BigDecimal(x).setScale(digits, RoundingMode.HALF_UP).toPlainString();
    }

    /** Node's {@code util.isDeepStrictEqual} over the JS value model (numbers as {@code Object.is}). */
    static boolean deepStrictEqual(Object a, Object b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (a instanceof Number x && b instanceof Number y) {
            return Double.valueOf(x.doubleValue()).equals(y.doubleValue());
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!deepStrictEqual(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (Map.Entry<?, ?> entry : x.entrySet()) {
                if (!y.containsKey(entry.getKey()) || !deepStrictEqual(entry.getValue(), y.get(entry.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }

    /** JS truthiness of a value of the model. */
    static boolean truthy(Object value) {
        if (value == null || Boolean.FALSE.equals(value)) {
            return false;
        }
        if (value instanceof String s) {
            return !s.isEmpty();
        }
        if (value instanceof Number n) {
            double d = n.doubleValue();
            return d != 0 && !Double.isNaN(d);
        }
        return true;
    }
}
