package dev.promptcards.runner.provider;

/**
 * The tokens one completion consumed, as its provider reports them; the run's cost is computed from
 * these by the caller (a price per provider and model).
 *
 * @param tokensIn  tokens of the prompt, system prompt and user message together
 * @param tokensOut tokens of the output
 */
public record Usage(long tokensIn, long tokensOut) {

    /** Counts are never negative. */
    public Usage {
        if (tokensIn < 0 || tokensOut < 0) {
            throw new IllegalArgumentException("negative token count: " + tokensIn + " in, " + tokensOut + " out");
        }
    }
}
