package dev.promptcards.server.e2e.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.promptcards.card.CardKey;
import dev.promptcards.card.schema.Assertion;
import dev.promptcards.card.schema.CardContent;
import dev.promptcards.card.schema.ModelSettings;
import dev.promptcards.card.schema.TestCase;
import dev.promptcards.persistence.testing.TestDatabase;
import dev.promptcards.runner.provider.ProviderSettings;
import dev.promptcards.server.e2e.ProcessOutput;
import dev.promptcards.stubs.OpenAiStub;
import dev.promptcards.stubs.StubRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The model-graded assertions in a real run: {@code llm-rubric} asks the run's own model (here the OpenAI
 * stub, which answers a verdict when it is asked to grade) and {@code similar} embeds with the local model;
 * the price table gives the cost of a known model.
 */
class RunGradingTest {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    @TempDir
    Path dir;

    /** The stub as a model and as a judge: a grading request (promptfoo's rubric prompt) gets a verdict. */
    private static String answer(StubRequest request) {
        String body = request.body();
        if (body.contains("<Rubric>")) {
            boolean polite = body.contains("is polite");
            return polite ? "{\"reason\": \"It greets kindly.\", \"pass\": true, \"score\": 0.9}"
                    : "{\"reason\": \"No verdict field here.\", \"score\": 1}";
        }
        return "Hello Ada, welcome to London!";
    }

    @Test
    void llm_rubric_is_judged_by_the_runs_model_and_similar_by_the_local_embeddings() throws Exception {
        try (OpenAiStub stub = OpenAiStub.start();
                RunsFixture fixture = new RunsFixture(DB.config(), dir,
                        ProviderSettings.defaults().withOpenAi(stub.baseUrl(), "sk-test"), new CardKey("team", "graded"))) {
            stub.reply(RunGradingTest::answer);
            Process creator = fixture.watchers(1, "none");
            ProcessOutput output = ProcessOutput.of(creator, "creator");
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> output.toString().contains("synced"));
            creator.destroyForcibly();
            fixture.write(new CardContent("Graded", "", "", "Greet {{name}}.",
                    new ModelSettings("openai", "gpt-4o-mini", null, null),
                    List.of(new TestCase("t1", "graded", Map.of("name", "Ada"), "", List.of(
                            new Assertion("llm-rubric", "The answer is polite", null, null),
                            new Assertion("llm-rubric", "The answer rhymes", null, null),
                            new Assertion("similar", "Hi Ada, welcome to London.", 0.8, null),
                            new Assertion("not-similar", "The quarterly report is due on Friday.", 0.5, null)),
                            null))));

            JsonNode run = fixture.awaitEnded(fixture.startRun("{}"));

            JsonNode result = run.get("results").get("t1");
            JsonNode assertions = result.get("assertions");
            assertEquals(4, assertions.size(), result.toString());
            assertEquals(true, assertions.get(0).get("pass").asBoolean(), assertions.toString());
            assertEquals("It greets kindly.", assertions.get(0).get("reason").asText());
            assertEquals(false, assertions.get(1).get("pass").asBoolean(), assertions.toString());
            assertEquals(true, assertions.get(2).get("pass").asBoolean(), assertions.toString());
            assertEquals(true, assertions.get(3).get("pass").asBoolean(), assertions.toString());
            assertEquals("failed", result.get("status").asText(), result.toString());
            // gpt-4o-mini has a price: the cost is known, and more than nothing
            assertTrue(result.get("costUsd").asDouble() > 0, result.toString());
        }
    }
}
