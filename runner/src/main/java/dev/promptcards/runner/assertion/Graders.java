package dev.promptcards.runner.assertion;

/**
 * The models that model-graded assertions need: the judge of {@code llm-rubric} and the embedder of
 * {@code similar}. Either may be absent; an assertion that needs an absent one is an error saying so.
 *
 * @param judge    the judge model; null when none is configured
 * @param embedder the embedding model; null when none is configured
 */
public record Graders(Judge judge, Embedder embedder) {

    /** No judge and no embedder: only the deterministic assertions can be checked. */
    public static final Graders NONE = new Graders(null, null);
}
