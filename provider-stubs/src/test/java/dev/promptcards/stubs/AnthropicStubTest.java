package dev.promptcards.stubs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AnthropicStubTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REQUEST = """
            {"model": "claude-x", "max_tokens": 10, "stream": true, "system": "Be brief.",
             "messages": [{"role": "user", "content": "Say hi"}]}
            """;

    private final AnthropicStub stub = AnthropicStub.start();
    private final StubWire wire = new StubWire();

    @AfterEach
    void stop() {
        wire.close();
        stub.close();
    }

    @Test
    void a_stream_has_anthropics_events_in_their_order_with_the_usage() throws Exception {
        HttpResponse<String> response = wire.post(URI.create(stub.baseUrl() + "/messages"), REQUEST);

        List<String> names = new ArrayList<>();
        List<JsonNode> data = new ArrayList<>();
        for (String event : response.body().split("\n\n")) {
            String[] lines = event.split("\n");
            names.add(lines[0].substring("event: ".length()));
            data.add(JSON.readTree(lines[1].substring("data: ".length())));
        }
        assertEquals(List.of("message_start", "content_block_start", "ping", "content_block_delta",
                "content_block_delta", "content_block_stop", "message_delta", "message_stop"), names);
        for (int i = 0; i < names.size(); i++) {
            assertEquals(names.get(i), data.get(i).path("type").asText());
        }
        assertEquals(4, data.get(0).path("message").path("usage").path("input_tokens").asInt());
        assertEquals("claude-x", data.get(0).path("message").path("model").asText());
        assertEquals("text_delta", data.get(3).path("delta").path("type").asText());
        assertEquals("Say", data.get(3).path("delta").path("text").asText());
        assertEquals(" hi", data.get(4).path("delta").path("text").asText());
        assertEquals("end_turn", data.get(6).path("delta").path("stop_reason").asText());
        assertEquals(2, data.get(6).path("usage").path("output_tokens").asInt());
    }

    @Test
    void errors_have_anthropics_shape_and_the_key_is_read_from_x_api_key() throws Exception {
        stub.requireApiKey("sk-ant-right");
        URI messages = URI.create(stub.baseUrl() + "/messages");

        HttpResponse<String> refused = wire.post(messages, REQUEST, "x-api-key", "sk-ant-wrong");
        stub.failNext(1, 529, null);
        HttpResponse<String> overloaded = wire.post(messages, REQUEST, "x-api-key", "sk-ant-right");

        assertEquals(401, refused.statusCode());
        JsonNode body = JSON.readTree(refused.body());
        assertEquals("error", body.path("type").asText());
        assertEquals("authentication_error", body.path("error").path("type").asText());
        assertEquals("invalid x-api-key", body.path("error").path("message").asText());
        assertEquals(529, overloaded.statusCode());
        assertEquals("overloaded_error", JSON.readTree(overloaded.body()).path("error").path("type").asText());
    }
}
