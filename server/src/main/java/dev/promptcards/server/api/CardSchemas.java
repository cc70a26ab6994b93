package dev.promptcards.server.api;

import static dev.promptcards.server.api.openapi.JsonSchema.array;
import static dev.promptcards.server.api.openapi.JsonSchema.bool;
import static dev.promptcards.server.api.openapi.JsonSchema.integer;
import static dev.promptcards.server.api.openapi.JsonSchema.number;
import static dev.promptcards.server.api.openapi.JsonSchema.object;
import static dev.promptcards.server.api.openapi.JsonSchema.ref;
import static dev.promptcards.server.api.openapi.JsonSchema.string;

import dev.promptcards.server.api.openapi.JsonSchema;
import java.util.LinkedHashMap;
import java.util.Map;

/** The component schemas of the card endpoints: bodies as {@link CardBody} reads them, answers as {@link CardJson}. */
final class CardSchemas {

    private static final JsonSchema TIME = string().format("date-time");

    private CardSchemas() {
    }

    /** @return the schemas by component name */
    static Map<String, JsonSchema> all() {
        Map<String, JsonSchema> schemas = new LinkedHashMap<>();
        schemas.put("CardModel", object().description("The card's model map; null where it is not set.")
                .property("provider", string().orNull())
                .property("model", string().orNull())
                .property("temperature", number().orNull())
                .property("maxTokens", integer().orNull()));
        schemas.put("CardAssertion", object().required("type")
                .property("type", string().description("A promptfoo assertion type, e.g. icontains, not-regex."))
                .property("value", JsonSchema.oneOf(string(), number(), bool(), object(), array(string()))
                        .description("What the assertion compares with, as its type needs."))
                .property("weight", number().description("Present only when set."))
                .property("threshold", number().description("Present only when set.")));
        schemas.put("CardTest", object()
                .property("id", string().description("Made up by the server when left out of a body."))
                .property("description", string().description("The test case's name."))
                .property("vars", object().values(string()))
                .property("expected", string())
                .property("assert", array(ref("CardAssertion")))
                .property("threshold", number().orNull()));
        schemas.put("CardCreate", object().closed().description("Every field may be left out; an empty body makes an"
                        + " empty card with an id the server picks.")
                .property("id", ApiComponents.ID)
                .property("title", string())
                .property("description", string())
                .property("system", string())
                .property("template", string().description("The prompt, with {{var}} placeholders."))
                .property("model", ref("CardModel"))
                .property("tests", array(ref("CardTest"))));
        schemas.put("Card", object().required("id", "workspace", "title", "description", "system", "template",
                        "model", "tests", "createdBy", "createdAt", "updatedAt")
                .property("id", string())
                .property("workspace", string())
                .property("title", string())
                .property("description", string())
                .property("system", string())
                .property("template", string())
                .property("model", ref("CardModel"))
                .property("tests", array(ref("CardTest")))
                .property("createdBy", string().description("operator, api-key:<key id>, or a token's subject."))
                .property("createdAt", TIME)
                .property("updatedAt", TIME));
        schemas.put("ListedCard", object().required("id", "title", "createdBy", "createdAt", "updatedAt")
                .property("id", string())
                .property("title", string())
                .property("createdBy", string())
                .property("createdAt", TIME)
                .property("updatedAt", TIME.description("When its row last changed: edits reach it within about"
                        + " 13 s.")));
        schemas.put("CardList", object().required("cards", "offset", "limit", "more")
                .property("cards", array(ref("ListedCard")))
                .property("offset", integer().minimum(0))
                .property("limit", integer().minimum(1))
                .property("more", bool().description("Whether another page follows at offset + cards.length.")));
        return schemas;
    }
}
