package dev.promptcards.runner.assertion;

import dev.promptcards.crdt.lib0.DecodeException;
import dev.promptcards.crdt.lib0.JsJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * promptfoo's default {@code llm-rubric} prompt (DEFAULT_GRADING_PROMPT, src/prompts/grading.ts): a
 * system message with the instructions and two examples, and a user message with the output and the
 * rubric in tags. The output is inserted as promptfoo renders it: text that parses as JSON is inserted as
 * the parsed value would print (matchers tryParse, then rubric.ts processContextForTemplating and
 * Nunjucks), so an object appears as compact JSON.
 */
final class RubricPrompt {

    /** The system message, as promptfoo's {@code dedent} leaves it. */
    static final String SYSTEM = """
            You are grading output according to a user-specified rubric. If the statement in the rubric is \
            true, then the output passes the test. You respond with a JSON object with this structure: \
            {reason: string, pass: boolean, score: number}

            Examples:

            <Output>Hello world</Output>
            <Rubric>Content contains a greeting</Rubric>
            {"reason": "the content contains the word 'Hello'", "pass": true, "score": 1.0}

            <Output>Avast ye swabs, repel the invaders!</Output>
            <Rubric>Does not speak like a pirate</Rubric>
            {"reason": "'avast ye' is a common pirate term", "pass": false, "score": 0.0}""";

    private RubricPrompt() {
    }

    /** The user message for one output and its rubric. */
    static String user(String output, String rubric) {
        return "<Output>\n" + renderedOutput(output) + "\n</Output>\n<Rubric>\n" + rubric + "\n</Rubric>";
    }

    /** The output as promptfoo's template shows it. */
    static String renderedOutput(String output) {
        Object value;
        try {
            value = JsJson.parse(output);
        } catch (DecodeException notJson) {
            return output;
        }
        return switch (value) {
            case null -> ""; // Nunjucks prints null as nothing
            case Map<?, ?> object -> JsJson.stringify(object);
            // an array's objects become JSON, then Nunjucks prints the array as JS does: joined with ","
            case List<?> array -> JsValues.join(stringifyObjects(array), ",");
            default -> JsValues.string(value);
        };
    }

    private static List<Object> stringifyObjects(List<?> array) {
        List<Object> items = new ArrayList<>(array.size());
        for (Object item : array) {
            items.add(item instanceof Map<?, ?> || item instanceof List<?> ? JsJson.stringify(item) : item);
        }
        return items;
    }
}
