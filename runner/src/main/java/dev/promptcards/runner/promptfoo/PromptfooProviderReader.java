package dev.promptcards.runner.promptfoo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.promptcards.card.schema.ModelSettings;
import java.util.Map;

/** Reads the provider a card runs on from a promptfoo provider entry (see {@link PromptfooProviders}). */
final class PromptfooProviderReader {

    private PromptfooProviderReader() {
    }

    static ModelSettings read(JsonNode provider, String path, ImportLog log, PromptfooTestReader reader) {
        String id;
        JsonNode options;
        if (provider.isTextual()) {
            id = provider.asText();
            options = null;
        } else if (provider.isObject() && provider.has("id")) {
            id = reader.text(provider.get("id"), path + ".id");
            options = provider;
        } else if (provider.isObject() && provider.size() == 1) {
            // the legacy form: {"openai:gpt-4o": {config: ...}} (promptfoo providers docs)
            Map.Entry<String, JsonNode> only = provider.properties().iterator().next();
            id = only.getKey();
            options = only.getValue();
            path = path + "." + id;
        } else {
            log.refuse(path, "a provider must be an id or a map with an id");
            return null;
        }
        if (id == null) {
            return null;
        }
        String[] parsed = id.startsWith("file://") ? null : PromptfooProviders.parse(id);
        if (parsed == null) {
            log.refuse(path, id + " is not supported; a card runs on openai:chat:<model>,"
                    + " anthropic:messages:<model>, ollama:chat:<model> or echo");
            return null;
        }
        if (parsed[2] != null) {
            log.note(path, parsed[2]);
        }
        Double temperature = null;
        Long maxTokens = null;
        if (options != null && options.isObject()) {
            for (var e : options.properties()) {
                String at = path + "." + e.getKey();
                switch (e.getKey()) {
                    case "id", "config" -> { }
                    case "label" -> log.note(at, "not kept: a card's model has no label");
                    default -> log.refuse(at, "not supported");
                }
            }
            JsonNode config = options.get("config");
            if (config != null && !config.isNull()) {
                String tokensKey = parsed[0].equals("ollama") ? PromptfooProviders.NUM_PREDICT
                        : PromptfooProviders.MAX_TOKENS;
                for (var e : config.properties()) {
                    String at = path + ".config." + e.getKey();
                    if (e.getKey().equals(PromptfooProviders.TEMPERATURE)) {
                        temperature = reader.number(e.getValue(), at);
                    } else if (e.getKey().equals(tokensKey)) {
                        if (e.getValue().canConvertToExactIntegral() && e.getValue().isNumber()) {
                            maxTokens = e.getValue().asLong();
                        } else {
                            log.refuse(at, "must be a whole number");
                        }
                    } else {
                        log.refuse(at, "not supported; a card's model has a temperature and " + tokensKey);
                    }
                }
            }
        } else if (options != null && !options.isNull()) {
            log.refuse(path, "the provider's options must be a map");
        }
        return new ModelSettings(parsed[0], parsed[1], temperature, maxTokens);
    }
}
