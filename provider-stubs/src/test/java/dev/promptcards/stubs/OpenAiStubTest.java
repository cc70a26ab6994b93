package dev.promptcards.stubs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OpenAiStubTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REQUEST = """
            {"model": "gpt-4o-mini", "stream": true, "stream_options": {"include_usage": true},
             "messages": [{"role": "system", "content": "Be brief."},
                          {"role": "user", "content": [{"type": "text", "text": "Say hi twice"}]}]}
            """;

    private final OpenAiStub stub = OpenAiStub.start();
    private final StubWire wire = new StubWire();

    @AfterEach
    void stop() {
        wire.close();
        stub.close();
    }

    private URI endpoint() {
        return URI.create(stub.baseUrl() + "/chat/completions");
    }

    @Test
    void the_base_url_is_the_loopback_address_with_v1() {
        assertTrue(stub.baseUrl().toString().matches("http://127\\.0\\.0\\.1:\\d+/v1"), stub.baseUrl().toString());
    }

    @Test
    void a_stream_is_a_role_chunk_one_chunk_per_word_a_finish_chunk_the_usage_chunk_and_done() throws Exception {
        HttpResponse<String> response = wire.post(endpoint(), REQUEST);

        assertEquals(200, response.statusCode());
        assertEquals("text/event-stream; charset=utf-8", response.headers().firstValue("Content-Type").orElseThrow());
        List<String> data = data(response.body());
        assertEquals(7, data.size());
        assertEquals("[DONE]", data.get(6));
        JsonNode role = JSON.readTree(data.get(0));
        assertEquals("chat.completion.chunk", role.path("object").asText());
        assertEquals("gpt-4o-mini", role.path("model").asText());
        assertEquals("assistant", role.path("choices").get(0).path("delta").path("role").asText());
        assertTrue(role.path("usage").isNull());
        assertEquals("Say", content(data.get(1)));
        assertEquals(" hi", content(data.get(2)));
        assertEquals(" twice", content(data.get(3)));
        assertEquals("stop", JSON.readTree(data.get(4)).path("choices").get(0).path("finish_reason").asText());
        JsonNode usage = JSON.readTree(data.get(5));
        assertEquals(0, usage.path("choices").size());
        assertEquals(5, usage.path("usage").path("prompt_tokens").asInt());
        assertEquals(3, usage.path("usage").path("completion_tokens").asInt());
        assertEquals(8, usage.path("usage").path("total_tokens").asInt());
        assertEquals(role.path("id"), usage.path("id"));
        assertEquals(1, stub.completedCount());
    }

    @Test
    void a_request_that_asks_for_no_stream_gets_the_whole_reply_as_one_chat_completion_with_its_usage()
            throws Exception {
        HttpResponse<String> response = wire.post(endpoint(), REQUEST.replace("\"stream\": true, ", ""));

        assertEquals(200, response.statusCode());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElseThrow());
        JsonNode body = JSON.readTree(response.body());
        assertEquals("chat.completion", body.path("object").asText());
        assertEquals("gpt-4o-mini", body.path("model").asText());
        JsonNode choice = body.path("choices").get(0);
        assertEquals("assistant", choice.path("message").path("role").asText());
        assertEquals("Say hi twice", choice.path("message").path("content").asText());
        assertEquals("stop", choice.path("finish_reason").asText());
        assertEquals(5, body.path("usage").path("prompt_tokens").asInt());
        assertEquals(3, body.path("usage").path("completion_tokens").asInt());
        assertEquals(8, body.path("usage").path("total_tokens").asInt());
        assertEquals(1, stub.completedCount());
    }

    @Test
    void without_include_usage_there_is_no_usage_chunk_nor_usage_field() throws Exception {
        HttpResponse<String> response = wire.post(endpoint(),
                "{\"model\": \"m\", \"stream\": true, \"messages\": [{\"role\": \"user\", \"content\": \"a b\"}]}");

        List<String> data = data(response.body());
        assertEquals(5, data.size());
        assertFalse(JSON.readTree(data.get(0)).has("usage"));
        assertEquals("[DONE]", data.get(4));
    }

    @Test
    void queued_failures_come_first_with_retry_after_and_openais_error_body() throws Exception {
        stub.failNext(1, 429, "2");

        HttpResponse<String> limited = wire.post(endpoint(), REQUEST);
        HttpResponse<String> next = wire.post(endpoint(), REQUEST);

        assertEquals(429, limited.statusCode());
        assertEquals("2", limited.headers().firstValue("Retry-After").orElseThrow());
        JsonNode error = JSON.readTree(limited.body()).path("error");
        assertEquals("Rate limit reached for requests. Please try again later.", error.path("message").asText());
        assertEquals("rate_limit_exceeded", error.path("code").asText());
        assertEquals(200, next.statusCode());
        assertEquals(2, stub.requestCount());
    }

    @Test
    void a_required_key_is_checked_in_the_bearer_header() throws Exception {
        stub.requireApiKey("sk-right");

        assertEquals(401, wire.post(endpoint(), REQUEST, "Authorization", "Bearer sk-wrong").statusCode());
        assertEquals(200, wire.post(endpoint(), REQUEST, "Authorization", "Bearer sk-right").statusCode());
        assertEquals("Bearer sk-right", stub.lastRequest().header("authorization"));
    }

    @Test
    void another_path_is_404_in_openais_format_and_logged() throws Exception {
        HttpResponse<String> response = wire.post(URI.create(stub.baseUrl() + "/completions"), "{}");

        assertEquals(404, response.statusCode());
        assertEquals("no such endpoint: POST /v1/completions",
                JSON.readTree(response.body()).path("error").path("message").asText());
        assertEquals("/v1/completions", stub.lastRequest().path());
    }

    @Test
    void the_log_keeps_each_request_body_and_says_nothing_of_headers_in_to_string() throws Exception {
        wire.post(endpoint(), REQUEST, "Authorization", "Bearer sk-secret");

        StubRequest request = stub.lastRequest();
        assertEquals(REQUEST, request.body());
        assertEquals("gpt-4o-mini", request.json().path("model").asText());
        assertEquals("StubRequest[POST /v1/chat/completions, " + REQUEST.length() + " chars]", request.toString());
    }

    private static String content(String chunk) throws Exception {
        return JSON.readTree(chunk).path("choices").get(0).path("delta").path("content").asText();
    }

    /** The data of each server-sent event, in order. */
    static List<String> data(String body) {
        List<String> data = new ArrayList<>();
        for (String event : body.split("\n\n")) {
            for (String line : event.split("\n")) {
                if (line.startsWith("data: ")) {
                    data.add(line.substring("data: ".length()));
                }
            }
        }
        return data;
    }
}
