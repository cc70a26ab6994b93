package dev.promptcards.runner.promptfoo;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An {@code __expected} CSV cell as the assertion promptfoo makes of it (src/csv.ts
 * {@code assertionFromString}): {@code javascript:}, {@code fn:}, {@code eval:} and {@code file://*.js}
 * make {@code javascript}; {@code grade:} and {@code llm-rubric:} make {@code llm-rubric}; {@code python:}
 * and {@code file://*.py} make {@code python}; {@code [not-]type[(threshold)][:value]} for one of
 * promptfoo's base types makes that type (comma-separated values for the four contains-any/all types, the
 * value as it is for is-json and contains-json, a default threshold of 0.8 for similar and 0.75 for the
 * other threshold types); anything else is {@code equals} with the whole cell.
 */
final class PromptfooExpected {

    /** promptfoo src/types BaseAssertionTypesSchema. */
    private static final String[] BASE_TYPES = {"answer-relevance", "bleu", "classifier", "contains",
        "contains-all", "contains-any", "contains-html", "contains-json", "contains-sql", "contains-xml",
        "context-faithfulness", "context-recall", "context-relevance", "conversation-relevance", "cost", "equals",
        "factuality", "finish-reason", "g-eval", "gleu", "guardrails", "human", "icontains", "icontains-all",
        "icontains-any", "is-html", "is-json", "is-refusal", "is-sql", "is-valid-function-call",
        "is-valid-openai-function-call", "is-valid-openai-tools-call", "is-xml", "javascript", "latency",
        "levenshtein", "llm-rubric", "meteor", "model-graded-closedqa", "model-graded-factuality", "moderation",
        "perplexity", "perplexity-score", "pi", "python", "regex", "rouge-l", "rouge-n", "rouge-s", "ruby",
        "select-best", "similar", "similar:cosine", "similar:dot", "similar:euclidean", "starts-with",
        "tool-call-f1", "trace-error-spans", "trace-span-count", "trace-span-duration", "webhook", "word-count"};

    private static final Pattern ASSERTION = Pattern.compile("^(not-)?("
            + String.join("|", Arrays.stream(BASE_TYPES).map(Pattern::quote).toList())
            + ")(?:\\((\\d+(?:\\.\\d+)?)\\))?(?::([\\s\\S]*))?$");

    private static final Set<String> ARRAY_TYPES = Set.of("contains-all", "contains-any", "icontains-all",
            "icontains-any");
    private static final Set<String> RAW_TYPES = Set.of("contains-json", "is-json");
    private static final Set<String> THRESHOLD_TYPES = Set.of("answer-relevance", "classifier",
            "context-faithfulness", "context-recall", "context-relevance", "cost", "latency", "levenshtein",
            "perplexity-score", "perplexity", "rouge-n", "similar", "starts-with");

    /** promptfoo src/csv.ts DEFAULT_SEMANTIC_SIMILARITY_THRESHOLD, and the other types' default. */
    private static final double SIMILAR_THRESHOLD = 0.8;
    private static final double OTHER_THRESHOLD = 0.75;

    private PromptfooExpected() {
    }

    /** The assertion of a cell (already trimmed, as promptfoo trims it), as a YAML assertion map. */
    static ObjectNode assertion(String expected) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        for (String prefix : new String[] {"javascript:", "fn:", "eval:"}) {
            if (expected.startsWith(prefix)) {
                return out.put("type", "javascript").put("value", expected.substring(prefix.length()).strip());
            }
        }
        if (expected.startsWith("file://") && expected.matches("file://.*\\.(js|cjs|mjs|ts)(:.*)?")) {
            return out.put("type", "javascript").put("value", expected.substring("file://".length()).strip());
        }
        if (expected.startsWith("grade:")) {
            return out.put("type", "llm-rubric").put("value", expected.substring("grade:".length()));
        }
        if (expected.startsWith("llm-rubric:")) {
            return out.put("type", "llm-rubric").put("value", expected.substring("llm-rubric:".length()));
        }
        if (expected.startsWith("python:")
                || expected.startsWith("file://") && (expected.endsWith(".py") || expected.contains(".py:"))) {
            int cut = expected.startsWith("python:") ? "python:".length() : "file://".length();
            return out.put("type", "python").put("value", expected.substring(cut).strip());
        }
        Matcher m = ASSERTION.matcher(expected);
        if (!m.matches()) {
            return out.put("type", "equals").put("value", expected);
        }
        String type = m.group(2);
        out.put("type", m.group(1) == null ? type : "not-" + type);
        String value = m.group(4);
        if (ARRAY_TYPES.contains(type)) {
            if (value != null && !value.isEmpty()) {
                var list = out.putArray("value");
                Arrays.stream(value.split(",", -1)).map(String::strip).forEach(list::add);
            }
        } else if (RAW_TYPES.contains(type)) {
            if (value != null) {
                out.put("value", value);
            }
        } else {
            if (value != null) {
                out.put("value", value.strip());
            }
            if (THRESHOLD_TYPES.contains(type)) {
                out.put("threshold", m.group(3) != null ? Double.parseDouble(m.group(3))
                        : type.equals("similar") ? SIMILAR_THRESHOLD : OTHER_THRESHOLD);
            }
        }
        return out;
    }
}
