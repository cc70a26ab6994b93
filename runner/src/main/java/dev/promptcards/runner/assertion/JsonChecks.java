package dev.promptcards.runner.assertion;

import dev.promptcards.card.schema.Assertion;
import dev.promptcards.crdt.lib0.DecodeException;
import dev.promptcards.crdt.lib0.JsJson;
import java.util.Map;

/**
 * {@code is-json} and {@code contains-json} (promptfoo src/assertions/json.ts, extractJsonObjects in
 * src/util/json.ts). A JSON Schema value is not supported yet and gives an error.
 */
final class JsonChecks {

    private JsonChecks() {
    }

    static AssertionOutcome isJson(Assertion assertion, boolean inverse, AssertionContext context) {
        requireNoSchema(assertion);
        boolean json;
        try {
            JsJson.parse(context.output());
            json = true;
        } catch (DecodeException notJson) {
            json = false;
        }
        boolean pass = json != inverse;
        return AssertionOutcome.verdict(assertion.type(), pass,
                pass ? "Assertion passed" : "Expected output to be valid JSON");
    }

    static AssertionOutcome containsJson(Assertion assertion, boolean inverse, AssertionContext context) {
        requireNoSchema(assertion);
        boolean pass = containsJsonObject(context.output()) != inverse;
        return AssertionOutcome.verdict(assertion.type(), pass,
                pass ? "Assertion passed" : "Expected output to contain valid JSON");
    }

    /** json.ts hasJsonSchema: any value but null and "". */
    private static void requireNoSchema(Assertion assertion) {
        Object value = assertion.value();
        InvalidAssertionException.require(value == null || "".equals(value),
                "\"" + baseType(assertion) + "\" with a JSON Schema value is not supported yet");
    }

    private static String baseType(Assertion assertion) {
        return assertion.type().startsWith("not-") ? assertion.type().substring(4) : assertion.type();
    }

    /**
     * Whether some {@code {} at an index starts a JSON object: from each {@code {}, the text up to its
     * matching {@code }} (braces inside strings skipped) is parsed. promptfoo takes the shortest prefix
     * that parses as an object, which for JSON text ends at that same brace.
     */
    static boolean containsJsonObject(String text) {
        for (int start = text.indexOf('{'); start >= 0; start = text.indexOf('{', start + 1)) {
            int end = matchingBrace(text, start);
            try {
                if (end >= 0 && JsJson.parse(text.substring(start, end + 1)) instanceof Map<?, ?>) {
                    return true;
                }
            } catch (DecodeException notJson) {
                // try the next brace
            }
        }
        return false;
    }

    /** The index of the brace closing the one at {@code start}, or -1 when it is not closed. */
    private static int matchingBrace(String text, int start) {
        int depth = 0;
        boolean inString = false;
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }
}
