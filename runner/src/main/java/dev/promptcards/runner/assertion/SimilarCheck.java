package dev.promptcards.runner.assertion;

import dev.promptcards.card.schema.Assertion;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code similar} (promptfoo src/assertions/similar.ts, matchesSimilarity in src/matchers/similarity.ts):
 * the cosine similarity of the embeddings of the output and of the value reaches the threshold (0.75 when
 * absent); the score is the similarity. A list value passes when the output is similar to any of its
 * texts, scoring the best of them when none is; {@code not-similar} passes only when the output is
 * dissimilar to every text (similarity at most the threshold), scoring {@code 1 - similarity}.
 *
 * <p>The value's {@code {{var}}} are rendered from the test case. Without an embedder, or when it fails,
 * the assertion is an error.
 */
final class SimilarCheck {

    /** promptfoo's default threshold (similar.ts: {@code assertion.threshold ?? 0.75}). */
    static final double DEFAULT_THRESHOLD = 0.75;

    static final String NO_EMBEDDER = "similar needs an embedding model, and this server has none configured: "
            + "configure the runner's embedder (the local all-MiniLM-L6-v2), or remove the similar assertion";

    // similarity.ts compares with a margin of Number.EPSILON
    private static final double EPSILON = Math.ulp(1.0);

    private SimilarCheck() {
    }

    static AssertionOutcome check(Assertion assertion, boolean inverse, AssertionContext context) {
        List<String> expected = values(assertion, context);
        double threshold = assertion.threshold() == null ? DEFAULT_THRESHOLD : assertion.threshold();
        Embedder embedder = context.graders().embedder();
        if (embedder == null) {
            return AssertionOutcome.error(assertion.type(), NO_EMBEDDER);
        }
        try {
            float[] output = embedder.embed(context.output());
            List<AssertionOutcome> outcomes = new ArrayList<>(expected.size());
            for (String value : expected) {
                double similarity = cosine(embedder.embed(value), output);
                AssertionOutcome outcome = outcome(assertion.type(), similarity, threshold, inverse);
                // similar passes on the first text it is close to; not-similar fails on the first
                if (outcome.result().pass() != inverse) {
                    return outcome;
                }
                outcomes.add(outcome);
            }
            if (expected.size() == 1) {
                return outcomes.getFirst();
            }
            if (inverse) {
                // dissimilar to all: the closest text, the lowest score, is the tightest margin
                return outcomes.stream().min((a, b) -> Double.compare(a.result().score(), b.result().score()))
                        .orElseThrow();
            }
            double best = outcomes.stream().mapToDouble(o -> o.result().score()).max().orElseThrow();
            return AssertionOutcome.scored(assertion.type(), false, best,
                    "None of the provided values met the similarity threshold");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return AssertionOutcome.error(assertion.type(), "similar was interrupted while embedding");
        } catch (Exception e) {
            return AssertionOutcome.error(assertion.type(), "similar: the embedding model failed: "
                    + ModelFailures.describe(e));
        }
    }

    private static AssertionOutcome outcome(String type, double similarity, double threshold, boolean inverse) {
        boolean pass = inverse ? similarity <= threshold + EPSILON : similarity >= threshold - EPSILON;
        double score = inverse ? 1 - similarity : similarity;
        String t = JsValues.number(threshold);
        String atLeast = "Similarity " + JsValues.toFixed(similarity, 2) + " is greater than or equal to threshold " + t;
        String below = "Similarity " + JsValues.toFixed(similarity, 2) + " is less than threshold " + t;
        // promptfoo's reasons say where the similarity lies, whichever way the assertion points
        return AssertionOutcome.scored(type, pass, score, pass != inverse ? atLeast : below);
    }

    /** The value's texts, rendered: one string, or a non-empty list of strings. */
    private static List<String> values(Assertion assertion, AssertionContext context) {
        Object value = assertion.value();
        String invalid = "Similarity assertion type must have a string or array of strings value";
        if (value instanceof String text) {
            return List.of(AssertionValues.render("similar", text, context.vars()));
        }
        InvalidAssertionException.require(value instanceof List<?>, invalid);
        List<?> list = (List<?>) value;
        InvalidAssertionException.require(!list.isEmpty(),
                "Similarity assertion must have at least one value to compare against");
        List<String> texts = new ArrayList<>(list.size());
        for (Object element : list) {
            InvalidAssertionException.require(element instanceof String, invalid);
            texts.add(AssertionValues.render("similar", (String) element, context.vars()));
        }
        return texts;
    }

    /** similarity.ts cosineSimilarity: 0 when either vector is all zeros. */
    static double cosine(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("the embeddings differ in length (" + a.length + " and " + b.length
                    + "): the embedder must give vectors of one size");
        }
        double dot = 0;
        double normA = 0;
        double normB = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            normA += (double) a[i] * a[i];
            normB += (double) b[i] * b[i];
        }
        if (normA == 0 || normB == 0) {
            return 0;
        }
        return dot / (Math.sqrt(normA) * Math.sqrt(normB));
    }
}
