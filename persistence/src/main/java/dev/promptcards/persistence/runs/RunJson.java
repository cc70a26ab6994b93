package dev.promptcards.persistence.runs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.promptcards.card.schema.AssertionResult;
import dev.promptcards.card.schema.RunSummary;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The JSON columns: a run's summary and a result's assertions, as the plain objects the card document
 * stores ({@link RunSummary#toPlain}, {@link AssertionResult#toPlain}), read back by the same readers.
 */
final class RunJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() { };
    private static final TypeReference<List<Map<String, Object>>> ARRAY_OF_OBJECTS = new TypeReference<>() { };

    private RunJson() {
    }

    static String summary(RunSummary summary) {
        return write(summary.toPlain());
    }

    static RunSummary summary(String json, String runId) {
        try {
            return RunSummary.read(MAPPER.readValue(json, OBJECT));
        } catch (JsonProcessingException e) {
            throw unreadable("summary of run " + runId, json, e);
        }
    }

    static String assertions(List<AssertionResult> assertions) {
        List<Map<String, Object>> plain = new ArrayList<>(assertions.size());
        for (AssertionResult assertion : assertions) {
            plain.add(assertion.toPlain());
        }
        return write(plain);
    }

    static List<AssertionResult> assertions(String json, String runId, String resultKey) {
        try {
            List<AssertionResult> read = new ArrayList<>();
            for (Map<String, Object> element : MAPPER.readValue(json, ARRAY_OF_OBJECTS)) {
                read.add(AssertionResult.read(element));
            }
            return List.copyOf(read);
        } catch (JsonProcessingException e) {
            throw unreadable("assertions of result " + resultKey + " of run " + runId, json, e);
        }
    }

    private static String write(Object plain) {
        try {
            return MAPPER.writeValueAsString(plain);
        } catch (JsonProcessingException e) { // plain maps of strings, numbers and booleans always write
            throw new IllegalStateException("could not write " + plain + " as JSON", e);
        }
    }

    /** Only a hand-edited row gets here: say which, and what is in it. */
    private static IllegalStateException unreadable(String what, String json, JsonProcessingException e) {
        String start = json.length() > 80 ? json.substring(0, 80) + "..." : json;
        return new IllegalStateException("the stored " + what + " is not the JSON the run store writes ("
                + e.getOriginalMessage() + "): " + start + "; fix or clear the column", e);
    }
}
