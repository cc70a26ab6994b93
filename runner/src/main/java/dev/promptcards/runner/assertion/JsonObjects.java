package dev.promptcards.runner.assertion;

import dev.promptcards.crdt.lib0.DecodeException;
import dev.promptcards.crdt.lib0.JsJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The JSON objects inside a text, as promptfoo's {@code extractJsonObjects} finds them (src/util/json.ts):
 * used by {@code contains-json} and to read a judge's verdict. From each {@code {}, the text up to its
 * matching {@code }} (braces inside strings skipped) is parsed; an object found is kept and the search
 * goes on after it, a failure tries the next brace. promptfoo takes the shortest prefix that parses as an
 * object, which for JSON text ends at that same brace; it also reads YAML flow mappings there, which we
 * do not: only JSON objects count.
 */
final class JsonObjects {

    private JsonObjects() {
    }

    /** The JSON objects in {@code text}, in order; none when it holds none. */
    static List<Map<?, ?>> extract(String text) {
        List<Map<?, ?>> objects = new ArrayList<>();
        int start = text.indexOf('{');
        while (start >= 0) {
            int end = matchingBrace(text, start);
            Map<?, ?> object = end < 0 ? null : parseObject(text.substring(start, end + 1));
            if (object != null) {
                objects.add(object);
                start = text.indexOf('{', end + 1);
            } else {
                start = text.indexOf('{', start + 1);
            }
        }
        return objects;
    }

    private static Map<?, ?> parseObject(String candidate) {
        try {
            return JsJson.parse(candidate) instanceof Map<?, ?> object ? object : null;
        } catch (DecodeException notJson) {
            return null;
        }
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
