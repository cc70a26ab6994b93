package dev.promptcards.runner.pricing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a call costs: a price per provider and model, each with the date it took effect. The shipped
 * table ({@link #shipped()}, the resource {@code prices.csv} beside this class) holds the providers' list
 * prices; an operator's file ({@link #withOverride(Path)}) replaces, for each provider and model it
 * names, all of the shipped rows of that provider and model. A model without a price has cost null, never
 * 0: promptfoo's {@code cost} assertion then fails instead of passing on a made-up 0.
 *
 * <p>A row whose model is {@code *} prices the provider's models that have no row of their own in effect:
 * {@code echo} and {@code ollama} (local models: no per-token bill) cost 0 that way.
 */
public final class PriceTable {

    private static final String RESOURCE = "prices.csv";
    private static final String WILDCARD = "*";

    private final Map<String, NavigableMap<Instant, Price>> byModel;

    private PriceTable(Map<String, NavigableMap<Instant, Price>> byModel) {
        this.byModel = byModel;
    }

    /** The prices promptcards ships. */
    public static PriceTable shipped() {
        return new PriceTable(index(shippedRows()));
    }

    /**
     * The shipped prices with an operator's file over them.
     *
     * @param file a price file (the columns of {@code prices.csv}: provider, model, effective_from,
     *             usd_per_million_in, usd_per_million_out)
     * @throws PriceFileException when the file cannot be read or has a malformed line (the message names
     *                            the line)
     */
    public static PriceTable withOverride(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new PriceFileException("price file " + file + " does not exist: give the path of an existing file", e);
        } catch (CharacterCodingException e) {
            throw new PriceFileException("price file " + file + " is not UTF-8 text: save it as UTF-8", e);
        } catch (IOException e) {
            throw new PriceFileException("cannot read the price file " + file + ": " + e.getMessage(), e);
        }
        List<Price> override = PriceFile.parse(file.toString(), lines);
        Map<String, List<Price>> merged = new LinkedHashMap<>(group(shippedRows()));
        merged.putAll(group(override));
        return new PriceTable(index(merged.values().stream().flatMap(List::stream).toList()));
    }

    /**
     * The price of a provider's model in effect at an instant.
     *
     * @return null when the table has no price for it then
     */
    public Price priceAt(String provider, String model, Instant at) {
        Objects.requireNonNull(at, "at");
        if (provider == null || model == null) {
            return null;
        }
        String name = provider.toLowerCase(Locale.ROOT);
        Price own = floor(byModel.get(key(name, model)), at);
        return own != null ? own : floor(byModel.get(key(name, WILDCARD)), at);
    }

    /**
     * The cost of one call in US dollars.
     *
     * @param provider  the provider's name (openai, anthropic, ollama, echo)
     * @param model     the model's name as the card gives it
     * @param at        when the call was made (the price in effect then applies)
     * @param tokensIn  input tokens, from the provider's usage
     * @param tokensOut output tokens, from the provider's usage
     * @return the cost; null when the model has no price (unknown, never 0); 0 for echo
     * @throws IllegalArgumentException when a token count is negative
     */
    public Double costUsd(String provider, String model, Instant at, long tokensIn, long tokensOut) {
        Price price = priceAt(provider, model, at);
        return price == null ? null : price.costUsd(tokensIn, tokensOut);
    }

    private static Price floor(NavigableMap<Instant, Price> prices, Instant at) {
        if (prices == null) {
            return null;
        }
        Map.Entry<Instant, Price> entry = prices.floorEntry(at);
        return entry == null ? null : entry.getValue();
    }

    private static List<Price> shippedRows() {
        try (InputStream in = PriceTable.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the runner's jar lacks " + RESOURCE + " beside PriceTable");
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return PriceFile.parse("shipped " + RESOURCE, text.lines().toList());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the shipped " + RESOURCE, e);
        }
    }

    private static Map<String, List<Price>> group(List<Price> prices) {
        Map<String, List<Price>> grouped = new LinkedHashMap<>();
        for (Price price : prices) {
            grouped.computeIfAbsent(key(price.provider(), price.model()), k -> new ArrayList<>()).add(price);
        }
        return grouped;
    }

    private static Map<String, NavigableMap<Instant, Price>> index(List<Price> prices) {
        Map<String, NavigableMap<Instant, Price>> index = new HashMap<>();
        for (Price price : prices) {
            index.computeIfAbsent(key(price.provider(), price.model()), k -> new TreeMap<>())
                    .put(price.effectiveFrom(), price);
        }
        return Map.copyOf(index);
    }

    private static String key(String provider, String model) {
        return provider + "\n" + model;
    }
}
