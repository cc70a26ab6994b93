package dev.promptcards.runner.assertion;

/**
 * An embedding model for {@code similar} (promptfoo's embedding provider): text in, its vector out.
 * {@link Embedders#local()} is the one that runs in process.
 */
@FunctionalInterface
public interface Embedder {

    /**
     * Embeds one text, blocking.
     *
     * @param text the text to embed
     * @return its embedding; every vector of one embedder has the same length
     * @throws Exception when the text cannot be embedded; the assertion is then an error
     */
    float[] embed(String text) throws Exception;
}
