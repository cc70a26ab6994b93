package dev.promptcards.runner.assertion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.promptcards.card.schema.Assertion;
import dev.promptcards.card.schema.AssertionResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * similar and not-similar against promptfoo's similar.ts and matchers/similarity.ts. The behaviour of
 * meaning is checked with the real all-MiniLM-L6-v2 (score ranges, not exact floats); the exact reasons
 * and threshold edges with fixed vectors.
 */
class SimilarTest {

    private static final Embedder LOCAL = Embedders.local();

    /** The cosine of x and xy. */
    private static final double COS_45 = 1 / Math.sqrt(2);

    private static final String CAT = "The cat sat on the mat.";
    private static final String CAT_AGAIN = "A cat was sitting on the mat.";
    private static final String MARKETS = "Stock markets fell sharply after the central bank raised interest rates.";

    /** Fixed vectors: x and y are orthogonal, xy lies between them (cosine 0.7071 with each). */
    private static final Embedder AXES = text -> switch (text) {
        case "x" -> new float[] {1, 0};
        case "y" -> new float[] {0, 1};
        case "xy" -> new float[] {1, 1};
        case "zero" -> new float[] {0, 0};
        default -> throw new IllegalArgumentException("no vector for " + text);
    };

    private static AssertionOutcome similar(String type, Object value, Double threshold, String output, Embedder embedder) {
        return similar(type, value, threshold, output, embedder, Map.of());
    }

    private static AssertionOutcome similar(String type, Object value, Double threshold, String output, Embedder embedder,
            Map<String, String> vars) {
        AssertionContext context = new AssertionContext(output, null, null, vars, new Graders(null, embedder));
        return Assertions.outcome(new Assertion(type, value, threshold, null), context);
    }

    private static AssertionResult local(String type, Object value, String output) {
        AssertionOutcome outcome = similar(type, value, null, output, LOCAL);
        assertFalse(outcome.error(), outcome.result().reason());
        return outcome.result();
    }

    @Test
    void sentences_of_the_same_meaning_pass_with_their_similarity_as_score() {
        AssertionResult result = local("similar", CAT_AGAIN, CAT);
        assertTrue(result.pass(), result.reason());
        assertTrue(result.score() > 0.75 && result.score() <= 1.0, "score " + result.score());
        assertTrue(result.reason().startsWith("Similarity 0.") && result.reason().endsWith(
                " is greater than or equal to threshold 0.75"), result.reason());
    }

    @Test
    void unrelated_sentences_fail() {
        AssertionResult result = local("similar", MARKETS, CAT);
        assertFalse(result.pass());
        assertTrue(result.score() < 0.3, "score " + result.score());
        assertTrue(result.reason().endsWith(" is less than threshold 0.75"), result.reason());
    }

    @Test
    void the_same_text_has_similarity_1() {
        AssertionResult result = local("similar", CAT, CAT);
        assertTrue(result.pass());
        assertEquals(1.0, result.score(), 1e-5);
    }

    @Test
    void not_similar_passes_on_unrelated_text_and_fails_on_the_same_meaning() {
        AssertionResult unrelated = local("not-similar", MARKETS, CAT);
        assertTrue(unrelated.pass(), unrelated.reason());
        assertTrue(unrelated.score() > 0.7, "score " + unrelated.score());
        assertTrue(unrelated.reason().endsWith(" is less than threshold 0.75"), unrelated.reason());
        AssertionResult close = local("not-similar", CAT_AGAIN, CAT);
        assertFalse(close.pass());
        assertTrue(close.score() < 0.25, "score " + close.score());
        assertTrue(close.reason().endsWith(" is greater than or equal to threshold 0.75"), close.reason());
    }

    @Test
    void a_list_passes_when_any_text_is_similar() {
        assertTrue(local("similar", List.of(MARKETS, CAT_AGAIN), CAT).pass());
        AssertionResult none = local("similar", List.of(MARKETS, "Photosynthesis turns light into chemical energy."),
                "My favourite pasta is carbonara.");
        assertFalse(none.pass());
        assertEquals("None of the provided values met the similarity threshold", none.reason());
    }

    @Test
    void a_list_fails_not_similar_when_any_text_is_similar() {
        assertFalse(local("not-similar", List.of(MARKETS, CAT_AGAIN), CAT).pass());
        assertTrue(local("not-similar", List.of(MARKETS, "Photosynthesis turns light into chemical energy."), CAT)
                .pass());
    }

    @Test
    void a_higher_threshold_fails_close_paraphrases() {
        AssertionOutcome strict = similar("similar", CAT_AGAIN, 0.99, CAT, LOCAL);
        assertFalse(strict.result().pass());
        assertTrue(strict.result().reason().endsWith(" is less than threshold 0.99"), strict.result().reason());
    }

    @Test
    void reasons_and_scores_are_promptfoos() {
        assertEquals(new AssertionResult("similar", false, COS_45,
                "Similarity 0.71 is less than threshold 0.75"), similar("similar", "xy", null, "x", AXES).result());
        assertEquals(new AssertionResult("similar", true, COS_45,
                "Similarity 0.71 is greater than or equal to threshold 0.7"), similar("similar", "xy", 0.7, "x", AXES).result());
        assertEquals(new AssertionResult("not-similar", true, 1 - COS_45,
                "Similarity 0.71 is less than threshold 0.75"), similar("not-similar", "xy", null, "x", AXES).result());
        assertEquals(new AssertionResult("not-similar", false, 1 - COS_45,
                "Similarity 0.71 is greater than or equal to threshold 0.7"),
                similar("not-similar", "xy", 0.7, "x", AXES).result());
    }

    @Test
    void a_similarity_equal_to_the_threshold_passes_similar_and_not_similar() {
        assertTrue(similar("similar", "x", 1.0, "x", AXES).result().pass());
        assertTrue(similar("not-similar", "y", 0.0, "x", AXES).result().pass());
        assertTrue(similar("similar", "y", 0.0, "x", AXES).result().pass());
    }

    @Test
    void a_list_reports_the_best_score_when_none_passes_and_the_closest_when_none_is_similar() {
        assertEquals(new AssertionResult("similar", false, COS_45,
                "None of the provided values met the similarity threshold"),
                similar("similar", List.of("y", "xy"), null, "x", AXES).result());
        assertEquals(new AssertionResult("not-similar", true, 1 - COS_45,
                "Similarity 0.71 is less than threshold 0.75"),
                similar("not-similar", List.of("y", "xy"), null, "x", AXES).result());
        assertEquals(new AssertionResult("not-similar", false, 0.0,
                "Similarity 1.00 is greater than or equal to threshold 0.75"),
                similar("not-similar", List.of("y", "x", "xy"), null, "x", AXES).result());
    }

    @Test
    void a_zero_vector_has_similarity_0() {
        assertEquals(0.0, similar("similar", "zero", null, "x", AXES).result().score());
    }

    @Test
    void the_value_is_rendered_with_the_tests_variables() {
        assertTrue(similar("similar", "{{axis}}", null, "x", AXES, Map.of("axis", "x")).result().pass());
        AssertionOutcome missing = similar("similar", List.of("x", "{{axis}}"), null, "x", AXES);
        assertTrue(missing.error());
        assertEquals("\"similar\" assertion value has a missing variable {{axis}}: the test case gives no value",
                missing.result().reason());
    }

    @Test
    void without_an_embedder_it_is_an_error_naming_what_to_configure() {
        AssertionOutcome outcome = similar("similar", CAT, null, CAT, null);
        assertTrue(outcome.error());
        assertEquals("similar needs an embedding model, and this server has none configured: configure the runner's "
                + "embedder (the local all-MiniLM-L6-v2), or remove the similar assertion", outcome.result().reason());
    }

    @Test
    void an_embedder_that_fails_makes_an_error() {
        AssertionOutcome outcome = similar("similar", "unknown text", null, "x", AXES);
        assertTrue(outcome.error());
        assertEquals("similar: the embedding model failed: no vector for unknown text", outcome.result().reason());
        Embedder ragged = text -> text.equals("x") ? new float[] {1, 0} : new float[] {1, 0, 0};
        assertEquals("similar: the embedding model failed: the embeddings differ in length (3 and 2): the embedder "
                + "must give vectors of one size", similar("similar", "y", null, "x", ragged).result().reason());
    }

    @Test
    void a_value_that_is_not_text_or_a_list_of_texts_is_an_error() {
        String invalid = "Similarity assertion type must have a string or array of strings value";
        assertEquals(invalid, similar("similar", 3L, null, "x", AXES).result().reason());
        assertEquals(invalid, similar("similar", null, null, "x", AXES).result().reason());
        assertEquals(invalid, similar("similar", List.of("x", 2L), null, "x", AXES).result().reason());
        assertEquals("Similarity assertion must have at least one value to compare against",
                similar("not-similar", List.of(), null, "x", AXES).result().reason());
        assertTrue(similar("similar", Map.of("a", "b"), null, "x", AXES).error());
    }

    @Test
    void similar_counts_with_its_weight_and_not_similar_is_supported() {
        AssertionContext context = new AssertionContext("x", null, null, Map.of(), new Graders(null, AXES));
        TestGrade grade = Assertions.grade(List.of(new Assertion("similar", "xy", null, 2.0),
                new Assertion("contains", "x", null, null)), 0.8, context);
        assertEquals((2 * COS_45 + 1) / 3, grade.score(), 1e-15);
        assertTrue(grade.pass());
        assertTrue(Assertions.supports("not-similar"));
    }
}
