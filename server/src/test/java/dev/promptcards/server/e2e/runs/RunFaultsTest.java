package dev.promptcards.server.e2e.runs;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.promptcards.card.CardKey;
import dev.promptcards.card.edit.Author;
import dev.promptcards.crdt.Y;
import dev.promptcards.persistence.testing.TestDatabase;
import dev.promptcards.runner.provider.ProviderSettings;
import dev.promptcards.server.auth.Role;
import dev.promptcards.stubs.OpenAiStub;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What goes wrong around a run, against a local OpenAI stub: rate limits, a provider that hangs, answers
 * garbage or closes mid-stream, a cancelled run, a card edited while its run goes, and requests that cannot
 * run. Each ends with a precise status and reason; no run stays running.
 */
class RunFaultsTest {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private static final CardKey CARD = new CardKey("team", "faults");

    @TempDir
    Path dir;

    private OpenAiStub stub;
    private RunsFixture fixture;

    @BeforeEach
    void setUp() {
        stub = OpenAiStub.start();
    }

    @AfterEach
    void tearDown() {
        if (fixture != null) {
            fixture.close();
        }
        stub.close();
    }

    private void start(ProviderSettings providers) throws Exception {
        fixture = new RunsFixture(DB.config(), dir, providers, CARD);
        createCard();
        fixture.write(RunsFixture.content("openai", "gpt-4o-mini"));
    }

    private void start() throws Exception {
        start(ProviderSettings.defaults().withOpenAi(stub.baseUrl(), "sk-test"));
    }

    /** The card exists once an editor joined it: a stock client joins and leaves. */
    private void createCard() throws Exception {
        Process creator = fixture.watchers(1, "none");
        dev.promptcards.server.e2e.ProcessOutput output =
                dev.promptcards.server.e2e.ProcessOutput.of(creator, "creator");
        await().atMost(Duration.ofSeconds(30)).until(() -> output.toString().contains("synced"));
        creator.destroyForcibly();
    }

    @Test
    void a_storm_of_429s_is_waited_out_as_retry_after_says_and_the_run_completes() throws Exception {
        start();
        stub.failNext(2, 429, "1");

        JsonNode run = fixture.awaitEnded(fixture.startRun("{}"));

        assertEquals("failed", run.get("status").asText(), run.toString());
        assertEquals(0, run.get("summary").get("errors").asInt(), run.toString());
        assertEquals("Say hello to Grace from New York.", run.get("results").get("t-grace").get("output").asText());
        assertEquals(5, stub.requestCount());
    }

    @Test
    void a_provider_that_hangs_ends_each_test_in_error_at_the_call_timeout() throws Exception {
        start(ProviderSettings.defaults().withOpenAi(stub.baseUrl(), "sk-test").withCallTimeout(Duration.ofSeconds(2)));
        stub.hang();

        JsonNode run = fixture.awaitEnded(fixture.startRun("{}"));

        assertEquals("error", run.get("status").asText(), run.toString());
        assertEquals(3, run.get("summary").get("errors").asInt(), run.toString());
        String error = run.get("results").get("t-ada").get("error").asText();
        assertTrue(error.startsWith("openai did not finish within 2 s (the per-call timeout)"), error);
    }

    @Test
    void a_provider_answering_garbage_is_an_error_saying_so() throws Exception {
        start();
        stub.garbage();

        JsonNode run = fixture.awaitEnded(fixture.startRun("{\"tests\": [\"t-ada\"]}"));

        assertEquals("error", run.get("status").asText(), run.toString());
        assertEquals(1, run.get("results").size(), run.toString());
        String error = run.get("results").get("t-ada").get("error").asText();
        assertTrue(error.startsWith("openai sent something that is not its API"), error);
    }

    @Test
    void a_stream_closed_midway_is_an_error_and_keeps_the_output_received() throws Exception {
        start();
        stub.closeMidStream(2);

        JsonNode run = fixture.awaitEnded(fixture.startRun("{\"tests\": [\"t-ada\"]}"));

        JsonNode result = run.get("results").get("t-ada");
        assertEquals("error", result.get("status").asText(), run.toString());
        assertTrue(result.get("error").asText().startsWith("openai closed the stream before the end"),
                result.toString());
        assertTrue("Say hello to Ada from London.".startsWith(result.get("output").asText()), result.toString());
    }

    @Test
    void a_cancelled_run_aborts_its_provider_calls_and_ends_cancelled() throws Exception {
        start();
        // slow words: every call is under way, and sees its client go at its next word
        stub.chunkDelay(Duration.ofMillis(500));
        String runId = fixture.startRun("{}");
        await().atMost(Duration.ofSeconds(30)).until(() -> stub.requestCount() == 3);

        HttpResponse<String> cancelled = fixture.api("DELETE", "/runs/" + runId, null, fixture.token(Role.EDITOR));
        JsonNode run = fixture.awaitEnded(runId);

        assertTrue(cancelled.statusCode() == 200 || cancelled.statusCode() == 202, cancelled.body());
        assertEquals("cancelled", run.get("status").asText(), run.toString());
        assertEquals("cancelled", run.get("error").asText(), run.toString());
        assertEquals("cancelled", run.get("results").get("t-ada").get("status").asText(), run.toString());
        await().atMost(Duration.ofSeconds(30)).until(() -> stub.abortedCount() == 3);
        HttpResponse<String> again = fixture.api("DELETE", "/runs/" + runId, null, fixture.token(Role.EDITOR));
        assertEquals(409, again.statusCode(), again.body());
    }

    @Test
    void a_card_edited_while_its_run_goes_keeps_the_revision_the_run_started_on() throws Exception {
        start();
        stub.chunkDelay(Duration.ofMillis(150));
        byte[] before = fixture.app.cardEditor().edit(CARD, Author.SERVER, Y::encodeStateVector).get(10,
                TimeUnit.SECONDS);
        String runId = fixture.startRun("{}");
        await().atMost(Duration.ofSeconds(30)).until(() -> stub.requestCount() >= 1);
        fixture.app.cardEditor().edit(CARD, Author.SERVER, doc -> {
            doc.getText("template").delete(0, doc.getText("template").length());
            doc.getText("template").insert(0, "Wave at {{name}}.");
            return null;
        }).get(10, TimeUnit.SECONDS);

        JsonNode run = fixture.awaitEnded(runId);

        assertEquals("Say hello to Alan from Wilmslow.", run.get("results").get("t-alan").get("output").asText());
        assertEquals(Base64.getEncoder().encodeToString(before), run.get("stateVector").asText());
        String now = Base64.getEncoder().encodeToString(fixture.app.cardEditor()
                .edit(CARD, Author.SERVER, Y::encodeStateVector).get(10, TimeUnit.SECONDS));
        assertNotEquals(now, run.get("stateVector").asText());
    }

    @Test
    void a_run_that_cannot_start_is_refused_with_what_to_configure() throws Exception {
        start(ProviderSettings.defaults());

        HttpResponse<String> noKey = fixture.api("POST", "/runs", "{}", fixture.token(Role.EDITOR));
        HttpResponse<String> unknownTest = fixture.api("POST", "/runs", "{\"provider\": \"echo\", \"tests\": [\"x\"]}",
                fixture.token(Role.EDITOR));
        HttpResponse<String> viewer = fixture.api("POST", "/runs", "{}", fixture.token(Role.VIEWER));
        HttpResponse<String> echo = fixture.api("POST", "/runs", "{\"provider\": \"echo\"}",
                fixture.token(Role.EDITOR));

        assertEquals(400, noKey.statusCode(), noKey.body());
        assertTrue(noKey.body().contains("OPENAI_API_KEY"), noKey.body());
        assertEquals(400, unknownTest.statusCode(), unknownTest.body());
        assertEquals("{\"error\":\"the card has no test case with id \\\"x\\\"\"}", unknownTest.body());
        assertEquals(403, viewer.statusCode(), viewer.body());
        assertEquals(202, echo.statusCode(), echo.body());
        JsonNode run = fixture.awaitEnded(RunsFixture.JSON.readTree(echo.body()).get("id").asText());
        assertEquals("echo", run.get("provider").asText());
        assertEquals("Say hello to Ada from London.", run.get("results").get("t-ada").get("output").asText());
        assertEquals(0.0, run.get("summary").get("costUsd").asDouble(), run.toString());
    }
}
