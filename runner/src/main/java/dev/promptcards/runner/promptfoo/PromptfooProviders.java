package dev.promptcards.runner.promptfoo;

import dev.promptcards.card.schema.ModelSettings;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A card's model as a promptfoo provider and back. The ids are promptfoo's (site/docs/providers):
 * {@code openai:chat:<model>}, {@code anthropic:messages:<model>}, {@code ollama:chat:<model>} and
 * {@code echo}. The maximum of tokens is {@code max_tokens} for OpenAI and Anthropic and Ollama's own
 * option {@code num_predict} for Ollama; the temperature is {@code temperature} for all three.
 */
final class PromptfooProviders {

    static final String TEMPERATURE = "temperature";
    static final String MAX_TOKENS = "max_tokens";
    static final String NUM_PREDICT = "num_predict";

    private PromptfooProviders() {
    }

    /** promptfoo's provider id for a card's model; null when the card names no provider. */
    static String id(ModelSettings model) {
        if (model == null || model.provider() == null || model.provider().isEmpty()) {
            return null;
        }
        String name = model.model() == null ? "" : model.model();
        return switch (model.provider()) {
            case "openai" -> "openai:chat:" + name;
            case "anthropic" -> "anthropic:messages:" + name;
            case "ollama" -> "ollama:chat:" + name;
            case "echo" -> "echo";
            default -> model.provider() + ":" + name;
        };
    }

    /** The provider's {@code config}: temperature and the maximum of tokens, in that order; may be empty. */
    static Map<String, Object> config(ModelSettings model) {
        Map<String, Object> config = new LinkedHashMap<>();
        if (model == null) {
            return config;
        }
        if (model.temperature() != null) {
            config.put(TEMPERATURE, YamlNumbers.plain(model.temperature()));
        }
        if (model.maxTokens() != null) {
            config.put("ollama".equals(model.provider()) ? NUM_PREDICT : MAX_TOKENS, model.maxTokens());
        }
        return config;
    }

    /**
     * The card's provider and model for a promptfoo provider id.
     *
     * @return {provider, model, note or null}; null when the id names no provider a card runs on
     */
    static String[] parse(String id) {
        if ("echo".equals(id)) {
            return new String[] {"echo", null, null};
        }
        int colon = id.indexOf(':');
        if (colon < 0) {
            return null;
        }
        String provider = id.substring(0, colon);
        String rest = id.substring(colon + 1);
        switch (provider) {
            case "openai" -> {
                if (rest.startsWith("chat:")) {
                    return named("openai", rest.substring("chat:".length()), null);
                }
                // openai:<model> is promptfoo's shorthand for a chat model (providers/openai.md)
                return rest.contains(":") ? null : named("openai", rest, null);
            }
            case "anthropic" -> {
                return rest.startsWith("messages:") ? named("anthropic", rest.substring("messages:".length()), null)
                        : null;
            }
            case "ollama" -> {
                if (rest.startsWith("chat:")) {
                    return named("ollama", rest.substring("chat:".length()), null);
                }
                if (rest.startsWith("embeddings:") || rest.startsWith("embedding:")) {
                    return null;
                }
                String model = rest.startsWith("completion:") ? rest.substring("completion:".length()) : rest;
                return named("ollama", model, "imported as Ollama's chat API (ollama:chat:" + model
                        + "): the card talks to its model by chat");
            }
            default -> {
                return null;
            }
        }
    }

    private static String[] named(String provider, String model, String note) {
        return model.isEmpty() ? null : new String[] {provider, model, note};
    }
}
