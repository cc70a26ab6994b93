package dev.promptcards.server.api;

import static dev.promptcards.server.api.ApiClient.error;
import static dev.promptcards.server.api.ApiClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.promptcards.card.CardKey;
import dev.promptcards.card.schema.AssertionResult;
import dev.promptcards.card.schema.Run;
import dev.promptcards.card.schema.RunSummary;
import dev.promptcards.card.schema.TestResult;
import dev.promptcards.server.room.ServerMetrics;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The runs endpoints over real HTTP with real JWTs: what each answers, and what reaches the run service. */
class RunEndpointsTest {

    private static final CardKey CARD = new CardKey("w", "a");
    private static final String RUNS = "/api/v1/workspaces/w/cards/a/runs";

    private final ApiTokens tokens = new ApiTokens();
    private final RecordingRunService runs = new RecordingRunService();
    private final ServerMetrics metrics = new ServerMetrics();
    private ApiServer server;
    private ApiClient client;

    @BeforeEach
    void start() {
        runs.cards.add(CARD);
        server = ApiServer.start(new ApiConfig("127.0.0.1", 0, null), tokens.verifier(), runs, metrics.registry());
        client = new ApiClient("http://127.0.0.1:" + server.port(), null);
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    /** A finished run with every field set, one result with an assertion, one result still without figures. */
    private static Run finishedRun() {
        Map<String, TestResult> results = new LinkedHashMap<>();
        results.put("t1", new TestResult("passed", "Hello Ada", "", true, 1.0,
                List.of(new AssertionResult("contains", true, 1.0, "contains 'Ada'")), 12L, 3L, 2L, 0.0));
        results.put("t2", new TestResult("error", "", "missing variable name", null, null, List.of(), null, null,
                null, null));
        return new Run("run-9", "failed", "echo", "echo", "ed", "2030-01-01T00:00:00.000Z", "2030-01-01T00:00:01.500Z",
                "AQID", new RunSummary(1, 0, 1, 3, 2, null, 12L), results, "");
    }

    @Test
    void an_editor_starts_a_run_and_gets_202_with_its_id_and_where_it_lives() {
        HttpResponse<String> response = client.post(RUNS, tokens.editor(),
                "{\"provider\": \"echo\", \"model\": \"m\", \"tests\": [\"t1\", \"t2\"], \"repeat\": 3}");

        assertEquals(202, response.statusCode(), response.body());
        assertEquals("{\"id\":\"run-1\",\"status\":\"queued\"}", response.body());
        assertEquals("application/json", response.headers().firstValue("content-type").orElseThrow());
        assertEquals(RUNS + "/run-1", response.headers().firstValue("location").orElseThrow());
        assertEquals(List.of("start w/a RunRequest[provider=echo, model=m, tests=[t1, t2], repeat=3] by ed"),
                runs.calls);
    }

    @Test
    void an_empty_body_and_an_empty_object_start_a_run_with_the_cards_defaults() {
        assertEquals(202, client.post(RUNS, tokens.editor(), "").statusCode());
        assertEquals(202, client.post(RUNS, tokens.editor(), "{}").statusCode());
        assertEquals(202, client.post(RUNS, tokens.editor(),
                "{\"provider\": null, \"model\": null, \"tests\": null, \"repeat\": null}").statusCode());

        String defaults = "RunRequest[provider=null, model=null, tests=null, repeat=null] by ed";
        assertEquals(List.of("start w/a " + defaults, "start w/a " + defaults, "start w/a " + defaults), runs.calls);
    }

    @Test
    void a_run_reads_back_with_every_field_of_the_documents_run_map_and_null_for_what_it_lacks() {
        runs.put(CARD, finishedRun());

        HttpResponse<String> response = client.get(RUNS + "/run-9", tokens.viewer());

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("{\"id\":\"run-9\",\"status\":\"failed\",\"provider\":\"echo\",\"model\":\"echo\",\"by\":\"ed\","
                + "\"startedAt\":\"2030-01-01T00:00:00.000Z\",\"finishedAt\":\"2030-01-01T00:00:01.500Z\","
                + "\"stateVector\":\"AQID\",\"summary\":{\"passed\":1,\"failed\":0,\"errors\":1,\"tokensIn\":3,"
                + "\"tokensOut\":2,\"costUsd\":null,\"latencyMsP50\":12},\"results\":{"
                + "\"t1\":{\"status\":\"passed\",\"output\":\"Hello Ada\",\"pass\":true,\"score\":1.0,\"assertions\":"
                + "[{\"type\":\"contains\",\"pass\":true,\"score\":1.0,\"reason\":\"contains 'Ada'\"}],"
                + "\"latencyMs\":12,\"tokensIn\":3,\"tokensOut\":2,\"costUsd\":0.0,\"error\":null},"
                + "\"t2\":{\"status\":\"error\",\"output\":\"\",\"pass\":null,\"score\":null,\"assertions\":[],"
                + "\"latencyMs\":null,\"tokensIn\":null,\"tokensOut\":null,\"costUsd\":null,"
                + "\"error\":\"missing variable name\"}},\"error\":null}", response.body());
    }

    @Test
    void a_queued_run_has_null_for_finish_summary_and_error() {
        client.post(RUNS, tokens.editor(), "{}");

        var run = json(client.get(RUNS + "/run-1", tokens.editor()));

        assertEquals("queued", run.get("status").asText());
        assertTrue(run.get("finishedAt").isNull());
        assertTrue(run.get("summary").isNull());
        assertTrue(run.get("error").isNull());
        assertEquals(0, run.get("results").size());
        assertEquals(List.of("id", "status", "provider", "model", "by", "startedAt", "finishedAt", "stateVector",
                "summary", "results", "error"), iterable(run.fieldNames()));
    }

    private static List<String> iterable(java.util.Iterator<String> names) {
        List<String> list = new java.util.ArrayList<>();
        names.forEachRemaining(list::add);
        return list;
    }

    @Test
    void a_viewer_lists_the_runs_newest_first_with_the_limit_it_asks_for() {
        client.post(RUNS, tokens.editor(), "{}");
        client.post(RUNS, tokens.editor(), "{}");
        client.post(RUNS, tokens.editor(), "{}");

        var all = json(client.get(RUNS, tokens.viewer())).get("runs");
        var two = json(client.get(RUNS + "?limit=2", tokens.viewer())).get("runs");

        assertEquals(List.of("run-3", "run-2", "run-1"), List.of(all.get(0).get("id").asText(),
                all.get(1).get("id").asText(), all.get(2).get("id").asText()));
        assertEquals(2, two.size());
        assertEquals("run-3", two.get(0).get("id").asText());
        assertEquals(List.of("list w/a 20", "list w/a 2"), runs.calls.subList(3, 5));
    }

    @Test
    void a_limit_outside_1_to_100_is_400_naming_the_parameter() {
        for (String limit : List.of("0", "101", "ten", "-1")) {
            HttpResponse<String> response = client.get(RUNS + "?limit=" + limit, tokens.viewer());

            assertEquals(400, response.statusCode(), limit);
            assertEquals(error("query parameter 'limit' must be a whole number from 1 to 100, not '" + limit
                    + "'; leave it out for the newest 20 runs"), response.body());
        }
        assertEquals(List.of(), runs.calls);
    }

    @Test
    void cancelling_a_queued_run_answers_200_with_the_run_cancelled() {
        client.post(RUNS, tokens.editor(), "{}");

        HttpResponse<String> response = client.delete(RUNS + "/run-1", tokens.editor());

        assertEquals(200, response.statusCode(), response.body());
        var run = json(response);
        assertEquals("cancelled", run.get("status").asText());
        assertEquals("cancelled by a request", run.get("error").asText());
        assertEquals(List.of("cancel w/a run-1", "get w/a run-1"), runs.calls.subList(1, 3));
    }

    @Test
    void cancelling_a_running_run_answers_202_with_the_run_still_running() {
        runs.put(CARD, new Run("run-r", "running", "echo", "echo", "ed", "2030-01-01T00:00:00.000Z", null, "AA==",
                null, Map.of(), ""));

        HttpResponse<String> response = client.delete(RUNS + "/run-r", tokens.editor());

        assertEquals(202, response.statusCode(), response.body());
        assertEquals("running", json(response).get("status").asText());
    }

    @Test
    void cancelling_a_run_that_already_ended_is_409_saying_how_it_ended() {
        runs.put(CARD, finishedRun());

        HttpResponse<String> response = client.delete(RUNS + "/run-9", tokens.editor());

        assertEquals(409, response.statusCode());
        assertEquals(error("run 'run-9' already ended (failed at 2030-01-01T00:00:01.500Z): there is nothing to"
                + " cancel"), response.body());
    }

    @Test
    void an_unknown_run_is_404_for_reading_and_cancelling() {
        String expected = error("card w/a has no run 'nope': list its runs with GET " + RUNS);

        HttpResponse<String> read = client.get(RUNS + "/nope", tokens.viewer());
        HttpResponse<String> cancelled = client.delete(RUNS + "/nope", tokens.editor());

        assertEquals(404, read.statusCode());
        assertEquals(expected, read.body());
        assertEquals(404, cancelled.statusCode());
        assertEquals(expected, cancelled.body());
    }

    @Test
    void a_run_id_no_run_can_have_is_404_without_asking_the_service() {
        HttpResponse<String> response = client.get(RUNS + "/a%20b", tokens.viewer());

        assertEquals(404, response.statusCode());
        assertEquals(error("card w/a has no run 'a b': run ids are 1 to 128 characters of [A-Za-z0-9._-]; list the"
                + " card's runs with GET " + RUNS), response.body());
        assertEquals(List.of(), runs.calls);
    }

    @Test
    void an_unknown_card_is_404_for_every_endpoint() {
        String expected = error("no such card w/missing: check the workspace and card names (a card is created"
                + " when its first editor opens it in the editor)");
        String missing = "/api/v1/workspaces/w/cards/missing/runs";

        List<HttpResponse<String>> responses = List.of(
                client.post(missing, tokens.editor(), "{}"),
                client.get(missing, tokens.editor()),
                client.get(missing + "/run-1", tokens.editor()),
                client.delete(missing + "/run-1", tokens.editor()));

        for (HttpResponse<String> response : responses) {
            assertEquals(404, response.statusCode(), response.request().method());
            assertEquals(expected, response.body(), response.request().method());
        }
    }

    @Test
    void a_card_name_no_card_can_have_is_404() {
        HttpResponse<String> response = client.get("/api/v1/workspaces/w/cards/a%2Bb/runs", tokens.editor());

        assertEquals(404, response.statusCode());
        assertEquals(error("no such card 'w/a+b': workspace and card names are 1 to 128 characters of"
                + " [A-Za-z0-9._-]"), response.body());
        assertEquals(List.of(), runs.calls);
    }

    @Test
    void a_request_the_run_service_refuses_is_400_with_its_message() {
        runs.refusedTests.put("t9", "unknown test 't9': the card's tests are t1, t2");

        HttpResponse<String> response = client.post(RUNS, tokens.editor(), "{\"tests\": [\"t9\"]}");

        assertEquals(400, response.statusCode());
        assertEquals(error("unknown test 't9': the card's tests are t1, t2"), response.body());
    }

    @Test
    void each_request_is_timed_by_method_route_and_status() {
        client.post(RUNS, tokens.editor(), "{}");
        client.get(RUNS + "/run-1", tokens.viewer());
        client.get(RUNS + "/run-1", tokens.viewer());
        client.get("/api/v1/nothing", tokens.viewer());

        String scrape = metrics.scrape();

        assertTrue(scrape.contains("promptcards_api_requests_seconds_count{method=\"POST\",route=\"/api/v1/"
                + "workspaces/{workspace}/cards/{card}/runs\",status=\"202\"} 1"), scrape);
        assertTrue(scrape.contains("promptcards_api_requests_seconds_count{method=\"GET\",route=\"/api/v1/"
                + "workspaces/{workspace}/cards/{card}/runs/{run}\",status=\"200\"} 2"), scrape);
        assertTrue(scrape.contains("promptcards_api_requests_seconds_count{method=\"GET\",route=\"unmatched\","
                + "status=\"404\"} 1"), scrape);
    }
}
