package dev.promptcards.card.schema;

import dev.promptcards.crdt.YMap;

/**
 * The card's {@code model} map: which model its tests run on. Each field is null when absent (or, read,
 * when the stored value has the wrong kind).
 *
 * @param provider    openai, anthropic, ollama or echo
 * @param model       the provider's model name
 * @param temperature the sampling temperature
 * @param maxTokens   the most tokens to generate, a whole number
 */
public record ModelSettings(String provider, String model, Double temperature, Long maxTokens) {

    /** Reads the plain values of a {@code model} map. */
    public static ModelSettings read(YMap model) {
        return new ModelSettings(
                Values.string(model.get(CardFields.Model.PROVIDER)),
                Values.string(model.get(CardFields.Model.MODEL)),
                Values.number(model.get(CardFields.Model.TEMPERATURE)),
                Values.whole(Values.number(model.get(CardFields.Model.MAX_TOKENS))));
    }

    /** Writes these settings into a {@code model} map in one transaction: null fields are deleted. */
    public void write(YMap model) {
        model.doc().transact(tr -> {
            put(model, CardFields.Model.PROVIDER, provider);
            put(model, CardFields.Model.MODEL, this.model);
            put(model, CardFields.Model.TEMPERATURE, temperature);
            put(model, CardFields.Model.MAX_TOKENS, maxTokens);
        });
    }

    private static void put(YMap map, String key, Object value) {
        if (value == null) {
            map.delete(key);
        } else {
            map.set(key, value);
        }
    }
}
