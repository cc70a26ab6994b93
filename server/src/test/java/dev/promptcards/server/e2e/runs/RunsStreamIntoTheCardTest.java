package dev.promptcards.server.e2e.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.promptcards.card.CardKey;
import dev.promptcards.persistence.testing.TestDatabase;
import dev.promptcards.runner.provider.ProviderSettings;
import dev.promptcards.server.e2e.ProcessOutput;
import dev.promptcards.stubs.AnthropicStub;
import dev.promptcards.stubs.OllamaStub;
import dev.promptcards.stubs.OpenAiStub;
import dev.promptcards.stubs.ProviderStub;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A run over a card with several tests, through each provider's real streaming API (local stubs reached by
 * LangChain4j's clients): two connected stock Yjs clients see the output arrive in pieces before the end, the
 * run as stored (GET .../runs/{id}) is what they see, and a client joining later gets the same run.
 */
class RunsStreamIntoTheCardTest {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    @TempDir
    Path dir;

    private ProviderStub stub;
    private RunsFixture fixture;

    @AfterEach
    void tearDown() {
        if (fixture != null) {
            fixture.close();
        }
        if (stub != null) {
            stub.close();
        }
    }

    static Stream<Arguments> providers() {
        return Stream.of(
                Arguments.of("openai", "gpt-4o-mini", (Supplier<ProviderStub>) OpenAiStub::start),
                Arguments.of("anthropic", "claude-3-5-haiku-20241022", (Supplier<ProviderStub>) AnthropicStub::start),
                Arguments.of("ollama", "llama3.2", (Supplier<ProviderStub>) OllamaStub::start));
    }

    private static ProviderSettings pointedAt(String provider, ProviderStub stub) {
        ProviderSettings defaults = ProviderSettings.defaults();
        return switch (provider) {
            case "openai" -> defaults.withOpenAi(stub.baseUrl(), "sk-test-key");
            case "anthropic" -> defaults.withAnthropic(stub.baseUrl(), "sk-ant-test-key");
            default -> defaults.withOllama(stub.baseUrl());
        };
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void a_run_streams_into_two_stock_clients_which_see_what_is_stored_and_a_late_joiner_gets_it_too(
            String provider, String model, Supplier<ProviderStub> stubs) throws Exception {
        stub = stubs.get();
        // a slow model: each word a while after the last, so the clients see the output grow
        stub.chunkDelay(Duration.ofMillis(120));
        fixture = new RunsFixture(DB.config(), dir, pointedAt(provider, stub), new CardKey("team", "greetings"));
        Process watchers = fixture.watchers(2, null);
        ProcessOutput watched = ProcessOutput.of(watchers, "watch-runs");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> watched.toString().contains("synced"));
        fixture.write(RunsFixture.content(provider, model));

        String runId = fixture.startRun("{}");
        try (Writer stdin = new OutputStreamWriter(watchers.getOutputStream(), StandardCharsets.UTF_8)) {
            stdin.write(runId + "\n");
        }
        JsonNode seen = RunsFixture.report(watchers, watched);
        JsonNode stored = fixture.awaitEnded(runId);

        assertEquals("failed", stored.get("status").asText(), stored.toString());
        assertEquals(provider, stored.get("provider").asText());
        assertEquals(model, stored.get("model").asText());
        assertEquals("ada", stored.get("by").asText());
        JsonNode summary = stored.get("summary");
        assertEquals(2, summary.get("passed").asInt(), summary.toString());
        assertEquals(1, summary.get("failed").asInt(), summary.toString());
        assertEquals(0, summary.get("errors").asInt(), summary.toString());
        assertTrue(summary.get("tokensIn").asLong() > 0, summary.toString());
        assertTrue(summary.get("tokensOut").asLong() > 0, summary.toString());
        assertEquals("Say hello to Ada from London.",
                stored.get("results").get("t-ada").get("output").asText());
        assertEquals(List.of(true, true), List.of(
                stored.get("results").get("t-ada").get("assertions").get(0).get("pass").asBoolean(),
                stored.get("results").get("t-ada").get("assertions").get(1).get("pass").asBoolean()));
        assertEquals("failed", stored.get("results").get("t-alan").get("status").asText());
        assertEquals("Expected output to contain \"nobody\"",
                stored.get("results").get("t-alan").get("assertions").get(0).get("reason").asText());
        for (JsonNode client : seen) {
            assertTrue(client.get("partial").asBoolean(), "a client saw no output before its end: " + seen);
            assertSameRun(stored, client.get("run"));
        }

        Process late = fixture.watchers(1, runId);
        JsonNode lateSeen = RunsFixture.report(late, ProcessOutput.of(late, "watch-runs-late"));
        assertSameRun(stored, lateSeen.get(0).get("run"));
    }

    /** The document's run map carries what the database holds: status, figures, each result and its output. */
    private static void assertSameRun(JsonNode stored, JsonNode inCard) {
        for (String field : List.of("status", "provider", "model", "by", "startedAt", "finishedAt", "stateVector",
                "summary", "results")) {
            assertTrue(JsonValues.same(stored.get(field), inCard.get(field)),
                    field + " differs: stored " + stored.get(field) + ", in the card " + inCard.get(field));
        }
    }
}
