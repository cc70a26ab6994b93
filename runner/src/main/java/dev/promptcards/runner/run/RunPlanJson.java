package dev.promptcards.runner.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.promptcards.card.schema.Assertion;
import dev.promptcards.card.schema.ModelSettings;
import dev.promptcards.runner.prompt.RenderedPrompt;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A {@link RunPlan} as the JSON stored with its run (opaque to the run store). */
final class RunPlanJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RunPlanJson() {
    }

    static String write(RunPlan plan) {
        ObjectNode root = JSON.createObjectNode();
        root.put("provider", plan.model().provider());
        root.put("model", plan.model().model());
        if (plan.model().temperature() != null) {
            root.put("temperature", plan.model().temperature());
        }
        if (plan.model().maxTokens() != null) {
            root.put("maxTokens", plan.model().maxTokens());
        }
        ArrayNode tests = root.putArray("tests");
        for (PlannedTest test : plan.tests()) {
            ObjectNode node = tests.addObject();
            node.put("key", test.resultKey());
            node.put("testId", test.testId());
            node.put("name", test.name());
            if (test.prompt() != null) {
                node.put("system", test.prompt().system());
                node.put("user", test.prompt().user());
            } else {
                node.put("error", test.error());
            }
            node.set("vars", JSON.valueToTree(test.vars()));
            ArrayNode assertions = node.putArray("assert");
            for (Assertion assertion : test.assertions()) {
                ObjectNode a = assertions.addObject();
                a.put("type", assertion.type());
                a.set("value", JSON.valueToTree(assertion.value()));
                if (assertion.threshold() != null) {
                    a.put("threshold", assertion.threshold());
                }
                if (assertion.weight() != null) {
                    a.put("weight", assertion.weight());
                }
            }
            if (test.threshold() != null) {
                node.put("threshold", test.threshold());
            }
        }
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a run plan could not be written as JSON", e);
        }
    }

    static RunPlan read(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the stored run plan is not JSON: " + e.getOriginalMessage(), e);
        }
        ModelSettings model = new ModelSettings(root.path("provider").asText(), root.path("model").asText(),
                root.hasNonNull("temperature") ? root.get("temperature").asDouble() : null,
                root.hasNonNull("maxTokens") ? root.get("maxTokens").asLong() : null);
        List<PlannedTest> tests = new ArrayList<>();
        for (JsonNode node : root.path("tests")) {
            RenderedPrompt prompt = node.hasNonNull("user")
                    ? new RenderedPrompt(node.path("system").asText(""), node.get("user").asText())
                    : null;
            Map<String, String> vars = new LinkedHashMap<>();
            node.path("vars").properties().forEach(e -> vars.put(e.getKey(), e.getValue().asText()));
            List<Assertion> assertions = new ArrayList<>();
            for (JsonNode a : node.path("assert")) {
                assertions.add(new Assertion(a.path("type").asText(), plain(a.get("value")),
                        a.hasNonNull("threshold") ? a.get("threshold").asDouble() : null,
                        a.hasNonNull("weight") ? a.get("weight").asDouble() : null));
            }
            tests.add(new PlannedTest(node.path("key").asText(), node.path("testId").asText(),
                    node.path("name").asText(""), prompt, prompt == null ? node.path("error").asText() : null,
                    vars, assertions, node.hasNonNull("threshold") ? node.get("threshold").asDouble() : null));
        }
        return new RunPlan(model, tests);
    }

    /** A JSON value as the card document holds assertion values: strings, numbers, booleans, lists, maps. */
    private static Object plain(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        return JSON.convertValue(node, Object.class);
    }
}
