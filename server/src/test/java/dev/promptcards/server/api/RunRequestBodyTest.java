package dev.promptcards.server.api;

import static dev.promptcards.server.api.ApiClient.error;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.promptcards.card.CardKey;
import dev.promptcards.server.room.ServerMetrics;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Invalid bodies of {@code POST .../runs}, over HTTP: 400 naming the field and saying what it takes. */
class RunRequestBodyTest {

    private static final String RUNS = "/api/v1/workspaces/w/cards/a/runs";

    private final ApiTokens tokens = new ApiTokens();
    private final RecordingRunService runs = new RecordingRunService();
    private ApiServer server;
    private ApiClient client;

    @BeforeEach
    void start() {
        runs.cards.add(new CardKey("w", "a"));
        server = ApiServer.start(new ApiConfig("127.0.0.1", 0, null, 1024), tokens.verifier(), runs,
                new ServerMetrics().registry());
        client = new ApiClient("http://127.0.0.1:" + server.port(), null);
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    private void assertRefused(String body, int status, String message) {
        HttpResponse<String> response = client.post(RUNS, tokens.editor(), body);

        assertEquals(status, response.statusCode(), body);
        assertEquals(error(message), response.body(), body);
        assertEquals(List.of(), runs.calls, "nothing reaches the run service: " + body);
    }

    @Test
    void a_body_that_is_not_json_is_400_saying_where() {
        assertRefused("{\"repeat\": 2,}", 400, "the body is not valid JSON (Unexpected character ('}' (code 125)):"
                + " was expecting double-quote to start field name at line 1, column 14): send a JSON object such as"
                + " {\"provider\": \"echo\", \"tests\": [\"<test id>\"], \"repeat\": 2}, or no body");
    }

    @Test
    void a_body_that_is_not_an_object_is_400() {
        assertRefused("[\"t1\"]", 400, "the body must be a JSON object, not a list: send one such as {\"provider\":"
                + " \"echo\", \"tests\": [\"<test id>\"], \"repeat\": 2}, or {} for the card's defaults");
        assertRefused("\"run\"", 400, "the body must be a JSON object, not a string: send one such as"
                + " {\"provider\": \"echo\", \"tests\": [\"<test id>\"], \"repeat\": 2}, or {} for the card's defaults");
    }

    @Test
    void an_unknown_field_is_400_listing_the_fields() {
        assertRefused("{\"repeats\": 2}", 400,
                "unknown field 'repeats': a run request takes provider, model, tests, repeat (all optional)");
    }

    @Test
    void a_field_given_twice_is_400() {
        assertRefused("{\"repeat\": 1, \"repeat\": 2}", 400, "the body is not valid JSON (Duplicate field 'repeat'"
                + " at line 1, column 23): send a JSON object such as {\"provider\": \"echo\", \"tests\":"
                + " [\"<test id>\"], \"repeat\": 2}, or no body");
    }

    @Test
    void provider_and_model_must_be_non_empty_strings() {
        assertRefused("{\"provider\": 3}", 400, "field 'provider' must be a string, the provider to call (openai,"
                + " anthropic, ollama or echo), not a number; leave it out to use the card's");
        assertRefused("{\"model\": \" \"}", 400,
                "field 'model' is empty: give the model's name, or leave it out to use the card's");
        assertRefused("{\"model\": [\"gpt\"]}", 400,
                "field 'model' must be a string, the model's name, not a list; leave it out to use the card's");
    }

    @Test
    void tests_must_be_a_list_of_distinct_ids() {
        assertRefused("{\"tests\": \"t1\"}", 400, "field 'tests' must be a list of test case ids (strings), not a"
                + " string; leave it out to run every test");
        assertRefused("{\"tests\": []}", 400, "field 'tests' is an empty list: name at least one test case id, or"
                + " leave it out to run every test");
        assertRefused("{\"tests\": [\"t1\", 2]}", 400,
                "field 'tests[1]' must be a test case id (a non-empty string), not a number");
        assertRefused("{\"tests\": [\"\"]}", 400,
                "field 'tests[0]' must be a test case id (a non-empty string), not an empty string");
        assertRefused("{\"tests\": [\"t1\", \"t1\"]}", 400,
                "field 'tests' names test 't1' twice: name each test once (use repeat to run tests several times)");
    }

    @Test
    void repeat_must_be_a_whole_number_from_1_to_100() {
        Map<String, String> shown = Map.of("0", "0", "101", "101", "-3", "-3", "2.5", "2.5", "1e9", "1.0E9");
        shown.forEach((repeat, asShown) -> assertRefused("{\"repeat\": " + repeat + "}", 400,
                "field 'repeat' must be a whole number from 1 to 100, not " + asShown
                        + "; leave it out to run each test once"));
        assertRefused("{\"repeat\": \"2\"}", 400,
                "field 'repeat' must be a whole number from 1 to 100, not a string; leave it out to run each test once");
        assertRefused("{\"repeat\": true}", 400, "field 'repeat' must be a whole number from 1 to 100, not a"
                + " boolean; leave it out to run each test once");
    }

    @Test
    void repeat_written_as_2_point_0_is_2() {
        assertEquals(202, client.post(RUNS, tokens.editor(), "{\"repeat\": 2.0}").statusCode());
        assertEquals(202, client.post(RUNS, tokens.editor(), "{\"repeat\": 100}").statusCode());

        assertEquals(List.of(
                "start w/a RunRequest[provider=null, model=null, tests=null, repeat=2] by ed",
                "start w/a RunRequest[provider=null, model=null, tests=null, repeat=100] by ed"), runs.calls);
    }

    @Test
    void a_body_over_the_limit_is_413_naming_the_limit() {
        assertRefused("{\"model\": \"" + "m".repeat(2000) + "\"}", 413,
                "the body is larger than 1024 bytes: a run request is a small JSON object such as {\"repeat\": 2}");
    }
}
