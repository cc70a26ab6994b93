package dev.promptcards.runner.assertion;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a {@code contains-any}/{@code contains-all} string value into its fields, as promptfoo's
 * src/util/parseCommaSeparatedValues.ts does: commas separate, whitespace around fields is dropped,
 * repeated commas give no empty fields, and a field in double quotes may hold commas ({@code \"},
 * {@code \\} and {@code ""} inside it are escapes).
 */
final class CommaSeparatedValues {

    private CommaSeparatedValues() {
    }

    /**
     * The fields of {@code value}.
     *
     * @throws InvalidAssertionException for an unterminated quoted field, or a quoted field followed by
     *                                   anything but a comma
     */
    static List<String> parse(String value) {
        List<String> fields = new ArrayList<>();
        int i = 0;
        int n = value.length();
        while (i < n) {
            i = skipWhitespaceAndCommas(value, i);
            if (i >= n) {
                break;
            }
            if (value.charAt(i) == '"') {
                StringBuilder field = new StringBuilder();
                i = quoted(value, i, field);
                fields.add(field.toString());
                i = skipWhitespace(value, i);
                InvalidAssertionException.require(i >= n || value.charAt(i) == ',',
                        "Expected comma after quoted field in contains assertion value");
            } else {
                int start = i;
                while (i < n && value.charAt(i) != ',') {
                    i++;
                }
                fields.add(JsValues.trim(value.substring(start, i)));
            }
        }
        return fields;
    }

    /** Reads the quoted field starting at {@code start} into {@code field}; returns the index after it. */
    private static int quoted(String value, int start, StringBuilder field) {
        int i = start + 1;
        int n = value.length();
        while (i < n) {
            char c = value.charAt(i);
            char next = i + 1 < n ? value.charAt(i + 1) : 0;
            if (c == '\\' && (next == '"' || next == '\\')) {
                field.append(next);
                i += 2;
            } else if (c == '"' && next == '"') {
                field.append('"');
                i += 2;
            } else if (c == '"') {
                return i + 1;
            } else {
                field.append(c);
                i++;
            }
        }
        throw new InvalidAssertionException("Unterminated quoted field in contains assertion value");
    }

    private static int skipWhitespaceAndCommas(String value, int start) {
        int i = start;
        while (i < value.length()) {
            i = skipWhitespace(value, i);
            if (i >= value.length() || value.charAt(i) != ',') {
                break;
            }
            i++;
        }
        return i;
    }

    private static int skipWhitespace(String value, int start) {
        int i = start;
        while (i < value.length() && JsValues.isWhitespace(value.charAt(i))) {
            i++;
        }
        return i;
    }
}
