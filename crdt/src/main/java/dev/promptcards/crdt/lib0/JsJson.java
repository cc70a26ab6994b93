package dev.promptcards.crdt.lib0;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON for the JS value model, with exactly the output of JS {@code JSON.stringify} (no indentation) and
 * the strictness of JS {@code JSON.parse}.
 *
 * <p>Yjs writes embeds, formatting attributes and {@code ContentJSON} with {@code JSON.stringify}, so the
 * bytes of an update depend on this output being identical to JS.
 */
public final class JsJson {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private JsJson() {
    }

    /**
     * Serializes a value of the JS value model exactly as JS {@code JSON.stringify(value)} does:
     * numbers as JS {@code Number#toString} ({@code 1e+21}, {@code 1.5e-7}, {@code 0} for -0), NaN and
     * infinities as {@code null}; strings escaped as JS does ({@code \"} {@code \\} {@code \b} {@code \f}
     * {@code \n} {@code \r} {@code \t}, other chars below U+0020 and lone surrogates as lowercase
     * {@code \}{@code uXXXX}, everything else literal); {@link Undefined} members of objects skipped and
     * {@code undefined} array elements written as {@code null}; object keys in JS key order; a
     * {@code byte[]} as JS writes a Uint8Array ({@code {"0":1,"1":2}}).
     *
     * @param value a value of the JS value model (numbers may be any {@link Number})
     * @return the JSON text, or {@code null} when {@code value} is {@link Undefined} (JS returns
     *         {@code undefined} then)
     * @throws IllegalArgumentException for a {@link BigInteger} anywhere (JS throws a TypeError: "Do not know
     *                                  how to serialize a BigInt"), a type outside the value model, a
     *                                  non-string key, or nesting deeper than {@value Decoder#MAX_DEPTH}
     *                                  levels (or a cycle)
     */
    public static String stringify(Object value) {
        if (value instanceof Undefined) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        write(out, value, 0);
        return out.toString();
    }

    /** Writes {@code value}; an {@link Undefined} here is an array element and becomes {@code null}. */
    private static void write(StringBuilder out, Object value, int depth) {
        if (value == null || value instanceof Undefined) {
            out.append("null");
        } else if (value instanceof String s) {
            quote(out, s);
        } else if (value instanceof Boolean b) {
            out.append(b ? "true" : "false");
        } else if (value instanceof Number n) {
            writeNumber(out, n);
        } else if (value instanceof byte[] bytes) {
            // A Uint8Array has no toJSON; its own enumerable keys are the indices.
            out.append('{');
            for (int i = 0; i < bytes.length; i++) {
                if (i > 0) {
                    out.append(',');
                }
                out.append('"').append(i).append("\":").append(bytes[i] & 0xFF);
            }
            out.append('}');
        } else if (value instanceof List<?> list) {
            checkDepth(depth);
            out.append('[');
            boolean first = true;
            for (Object item : list) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                write(out, item, depth + 1);
            }
            out.append(']');
        } else if (value instanceof Map<?, ?> map) {
            checkDepth(depth);
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : JsValues.entriesInJsOrder(map)) {
                Object v = e.getValue();
                if (v instanceof Undefined) {
                    continue; // JSON.stringify SerializeJSONObject skips undefined members
                }
                if (!first) {
                    out.append(',');
                }
                first = false;
                quote(out, (String) e.getKey());
                out.append(':');
                write(out, v, depth + 1);
            }
            out.append('}');
        } else {
            throw JsValues.unsupported(value);
        }
    }

    private static void checkDepth(int depth) {
        if (depth >= Decoder.MAX_DEPTH) {
            throw new IllegalArgumentException("value nested deeper than " + Decoder.MAX_DEPTH
                    + " levels (or circular)");
        }
    }

    private static void writeNumber(StringBuilder out, Number n) {
        if (n instanceof BigInteger) {
            throw new IllegalArgumentException("Do not know how to serialize a BigInt");
        }
        if (n instanceof Long || n instanceof Integer) {
            long l = n.longValue();
            if (l >= -JsValues.MAX_SAFE_INTEGER && l <= JsValues.MAX_SAFE_INTEGER) {
                out.append(l);
                return;
            }
        }
        double d = n.doubleValue();
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            out.append("null"); // SerializeJSONProperty: non-finite numbers become "null"
        } else {
            out.append(JsNumberFormat.toString(d));
        }
    }

    /** ECMA-262 QuoteJSONString (ES2019 well-formed JSON.stringify). */
    private static void quote(StringBuilder out, String s) {
        out.append('"');
        int len = s.length();
        int runStart = 0;
        for (int i = 0; i < len; i++) {
            char c = s.charAt(i);
            String escape;
            if (c >= 0x20 && c != '"' && c != '\\' && !Character.isSurrogate(c)) {
                continue;
            }
            if (Character.isHighSurrogate(c) && i + 1 < len && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++; // a proper pair is copied as is
                continue;
            }
            switch (c) {
                case '"' -> escape = "\\\"";
                case '\\' -> escape = "\\\\";
                case '\b' -> escape = "\\b";
                case '\f' -> escape = "\\f";
                case '\n' -> escape = "\\n";
                case '\r' -> escape = "\\r";
                case '\t' -> escape = "\\t";
                default -> escape = null; // other control char or lone surrogate: \\uXXXX, lowercase hex
            }
            out.append(s, runStart, i);
            if (escape != null) {
                out.append(escape);
            } else {
                out.append("\\u").append(HEX[c >> 12]).append(HEX[(c >> 8) & 0xF])
                        .append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]);
            }
            runStart = i + 1;
        }
        out.append(s, runStart, len).append('"');
    }

    /**
     * Parses JSON text as strictly as JS {@code JSON.parse} (ECMA-404 grammar; whitespace is space, tab,
     * LF, CR) into the JS value model: numbers normalized ({@code Long} / {@code Double}, {@code -0} as
     * {@code Double -0.0}, out-of-range literals to infinities), objects as {@code LinkedHashMap} in JS key
     * order (a repeated key keeps its first position and takes the last value; {@code "__proto__"} is an
     * ordinary key, as in {@code JSON.parse}), arrays as {@code ArrayList}.
     *
     * @param text the JSON text
     * @return the value
     * @throws DecodeException on malformed JSON (offsets count chars) or nesting deeper than
     *                         {@value Decoder#MAX_DEPTH} levels
     */
    public static Object parse(String text) {
        Parser p = new Parser(text);
        p.skipWhitespace();
        Object value = p.value(0);
        p.skipWhitespace();
        if (p.pos < text.length()) {
            throw p.unexpected();
        }
        return value;
    }

    private static final class Parser {
        private final String s;
        private int pos;

        Parser(String s) {
            this.s = s;
        }

        DecodeException unexpected() {
            if (pos >= s.length()) {
                return new DecodeException("JSON", pos, "unexpected end of input");
            }
            char c = s.charAt(pos);
            String shown = c >= 0x20 && c < 0x7F ? "'" + c + "'" : String.format("U+%04X", (int) c);
            return new DecodeException("JSON", pos, "unexpected character " + shown);
        }

        void skipWhitespace() {
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                    pos++;
                } else {
                    return;
                }
            }
        }

        Object value(int depth) {
            if (pos >= s.length()) {
                throw unexpected();
            }
            char c = s.charAt(pos);
            switch (c) {
                case '{':
                    return object(depth);
                case '[':
                    return array(depth);
                case '"':
                    return string();
                case 't':
                    return literal("true", Boolean.TRUE);
                case 'f':
                    return literal("false", Boolean.FALSE);
                case 'n':
                    return literal("null", null);
                default:
                    if (c == '-' || (c >= '0' && c <= '9')) {
                        return number();
                    }
                    throw unexpected();
            }
        }

        private Object literal(String word, Object value) {
            for (int i = 0; i < word.length(); i++) {
                if (pos >= s.length() || s.charAt(pos) != word.charAt(i)) {
                    throw unexpected();
                }
                pos++;
            }
            return value;
        }

        private void enter(int depth) {
            if (depth >= Decoder.MAX_DEPTH) {
                throw new DecodeException("JSON", pos, "nested deeper than " + Decoder.MAX_DEPTH + " levels");
            }
        }

        private Map<String, Object> object(int depth) {
            enter(depth);
            pos++; // '{'
            LinkedHashMap<String, Object> map = new LinkedHashMap<>();
            boolean indexKeys = false;
            skipWhitespace();
            if (pos < s.length() && s.charAt(pos) == '}') {
                pos++;
                return map;
            }
            while (true) {
                if (pos >= s.length() || s.charAt(pos) != '"') {
                    throw unexpected();
                }
                String key = string();
                skipWhitespace();
                expect(':');
                skipWhitespace();
                indexKeys |= JsValues.putTracking(map, key, value(depth + 1));
                skipWhitespace();
                if (pos < s.length() && s.charAt(pos) == ',') {
                    pos++;
                    skipWhitespace();
                } else {
                    expect('}');
                    return JsValues.finishObject(map, indexKeys);
                }
            }
        }

        private List<Object> array(int depth) {
            enter(depth);
            pos++; // '['
            List<Object> list = new ArrayList<>();
            skipWhitespace();
            if (pos < s.length() && s.charAt(pos) == ']') {
                pos++;
                return list;
            }
            while (true) {
                list.add(value(depth + 1));
                skipWhitespace();
                if (pos < s.length() && s.charAt(pos) == ',') {
                    pos++;
                    skipWhitespace();
                } else {
                    expect(']');
                    return list;
                }
            }
        }

        private void expect(char c) {
            if (pos >= s.length() || s.charAt(pos) != c) {
                throw unexpected();
            }
            pos++;
        }

        private String string() {
            pos++; // opening quote
            StringBuilder sb = null;
            int runStart = pos;
            while (true) {
                if (pos >= s.length()) {
                    throw new DecodeException("JSON", pos, "unterminated string");
                }
                char c = s.charAt(pos);
                if (c == '"') {
                    String result = sb == null ? s.substring(runStart, pos)
                            : sb.append(s, runStart, pos).toString();
                    pos++;
                    return result;
                }
                if (c < 0x20) {
                    throw unexpected(); // JSON.parse: control characters must be escaped
                }
                if (c != '\\') {
                    pos++;
                    continue;
                }
                if (sb == null) {
                    sb = new StringBuilder();
                }
                sb.append(s, runStart, pos);
                pos++;
                if (pos >= s.length()) {
                    throw unexpected();
                }
                char e = s.charAt(pos);
                switch (e) {
                    case '"' -> sb.append('"');
                    case '\\' -> sb.append('\\');
                    case '/' -> sb.append('/');
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'n' -> sb.append('\n');
                    case 'r' -> sb.append('\r');
                    case 't' -> sb.append('\t');
                    case 'u' -> {
                        int code = 0;
                        for (int k = 1; k <= 4; k++) {
                            int digit = pos + k < s.length() ? hexValue(s.charAt(pos + k)) : -1;
                            if (digit < 0) {
                                pos += k;
                                throw unexpected();
                            }
                            code = code << 4 | digit;
                        }
                        sb.append((char) code); // lone surrogates allowed, as in JSON.parse
                        pos += 4;
                    }
                    default -> throw unexpected();
                }
                pos++;
                runStart = pos;
            }
        }

        private static int hexValue(char c) {
            if (c >= '0' && c <= '9') {
                return c - '0';
            }
            if (c >= 'a' && c <= 'f') {
                return c - 'a' + 10;
            }
            if (c >= 'A' && c <= 'F') {
                return c - 'A' + 10;
            }
            return -1;
        }

        private Number number() {
            int begin = pos;
            boolean integral = true;
            if (s.charAt(pos) == '-') {
                pos++;
            }
            if (pos < s.length() && s.charAt(pos) == '0') {
                pos++;
            } else if (pos < s.length() && s.charAt(pos) >= '1' && s.charAt(pos) <= '9') {
                digits();
            } else {
                throw unexpected();
            }
            if (pos < s.length() && s.charAt(pos) == '.') {
                integral = false;
                pos++;
                if (digits() == 0) {
                    throw unexpected();
                }
            }
            if (pos < s.length() && (s.charAt(pos) == 'e' || s.charAt(pos) == 'E')) {
                integral = false;
                pos++;
                if (pos < s.length() && (s.charAt(pos) == '+' || s.charAt(pos) == '-')) {
                    pos++;
                }
                if (digits() == 0) {
                    throw unexpected();
                }
            }
            int len = pos - begin;
            if (integral && len <= 18) {
                long l = Long.parseLong(s, begin, pos, 10);
                if (l == 0 && s.charAt(begin) == '-') {
                    return -0.0;
                }
                return JsValues.normalizeNumber(l);
            }
            // Double.parseDouble rounds to nearest like JS StringToNumber; huge exponents give infinities.
            return JsValues.normalizeNumber(Double.parseDouble(s.substring(begin, pos)));
        }

        private int digits() {
            int from = pos;
            while (pos < s.length() && s.charAt(pos) >= '0' && s.charAt(pos) <= '9') {
                pos++;
            }
            return pos - from;
        }
    }
}
