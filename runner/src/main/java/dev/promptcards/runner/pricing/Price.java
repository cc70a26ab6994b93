package dev.promptcards.runner.pricing;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.util.Objects;

/**
 * One row of a price table: what a provider's model costs from a date on.
 *
 * @param provider          the provider's name as a card's {@code model} map gives it (openai, anthropic,
 *                          ollama, echo), lower case
 * @param model             the model's name, or {@code *} for every model of the provider without a row
 * @param effectiveFrom     from when this price applies (until the provider and model's next row)
 * @param usdPerMillionIn   US dollars per million input (prompt) tokens, at least 0
 * @param usdPerMillionOut  US dollars per million output (completion) tokens, at least 0
 */
public record Price(String provider, String model, Instant effectiveFrom, BigDecimal usdPerMillionIn,
        BigDecimal usdPerMillionOut) {

    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

    /** Validates the fields. */
    public Price {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(effectiveFrom, "effectiveFrom");
        Objects.requireNonNull(usdPerMillionIn, "usdPerMillionIn");
        Objects.requireNonNull(usdPerMillionOut, "usdPerMillionOut");
        if (usdPerMillionIn.signum() < 0 || usdPerMillionOut.signum() < 0) {
            throw new IllegalArgumentException("a price is at least 0: " + usdPerMillionIn + ", " + usdPerMillionOut);
        }
    }

    /**
     * The cost of one call at this price, in US dollars.
     *
     * @throws IllegalArgumentException when a token count is negative
     */
    public double costUsd(long tokensIn, long tokensOut) {
        if (tokensIn < 0 || tokensOut < 0) {
            throw new IllegalArgumentException("token counts are at least 0: " + tokensIn + " in, " + tokensOut + " out");
        }
        BigDecimal cost = usdPerMillionIn.multiply(BigDecimal.valueOf(tokensIn))
                .add(usdPerMillionOut.multiply(BigDecimal.valueOf(tokensOut)));
        return cost.divide(MILLION, MathContext.DECIMAL64).doubleValue();
    }
}
