package dev.promptcards.server.api;

import dev.promptcards.card.schema.Assertion;
import dev.promptcards.card.schema.CardContent;
import dev.promptcards.card.schema.ModelSettings;
import dev.promptcards.card.schema.TestCase;
import dev.promptcards.persistence.CardInfo;
import dev.promptcards.persistence.CardPage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Cards as the card endpoints answer them: a listing's entries (the cards' rows) and a card whole (its content
 * read from the live document, with its row's creator and times). A test's name is its {@code description}, as
 * in promptfoo; an assertion's weight and threshold appear only when set.
 */
final class CardJson {

    private CardJson() {
    }

    static Map<String, Object> page(CardPage page, int limit) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("cards", page.cards().stream().map(CardJson::listed).toList());
        json.put("offset", page.offset());
        json.put("limit", limit);
        json.put("more", page.more());
        return json;
    }

    static Map<String, Object> listed(CardInfo card) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", card.name());
        json.put("title", card.title());
        json.put("createdBy", card.createdBy());
        json.put("createdAt", card.createdAt().toString());
        json.put("updatedAt", card.updatedAt().toString());
        return json;
    }

    static Map<String, Object> card(CardInfo row, CardContent content) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", row.name());
        json.put("workspace", row.workspace());
        json.put("title", content.title());
        json.put("description", content.description());
        json.put("system", content.system());
        json.put("template", content.template());
        json.put("model", model(content.model()));
        json.put("tests", content.tests().stream().map(CardJson::test).toList());
        json.put("createdBy", row.createdBy());
        json.put("createdAt", row.createdAt().toString());
        json.put("updatedAt", row.updatedAt().toString());
        return json;
    }

    private static Map<String, Object> model(ModelSettings model) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("provider", model.provider());
        json.put("model", model.model());
        json.put("temperature", model.temperature());
        json.put("maxTokens", model.maxTokens());
        return json;
    }

    private static Map<String, Object> test(TestCase test) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", test.id());
        json.put("description", test.name());
        json.put("vars", test.vars() == null ? Map.of() : test.vars());
        json.put("expected", test.expected());
        List<Map<String, Object>> assertions = test.assertions() == null ? List.of()
                : test.assertions().stream().map(CardJson::assertion).toList();
        json.put("assert", assertions);
        json.put("threshold", test.threshold());
        return json;
    }

    private static Map<String, Object> assertion(Assertion assertion) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("type", assertion.type());
        json.put("value", assertion.value());
        if (assertion.weight() != null) {
            json.put("weight", assertion.weight());
        }
        if (assertion.threshold() != null) {
            json.put("threshold", assertion.threshold());
        }
        return json;
    }
}
