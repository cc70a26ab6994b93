package dev.promptcards.runner.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.promptcards.card.schema.ModelSettings;
import dev.promptcards.stubs.AnthropicStub;
import org.junit.jupiter.api.Test;

class AnthropicProviderTest extends HttpProviderBehaviour<AnthropicStub> {

    @Override
    AnthropicStub startStub() {
        return AnthropicStub.start();
    }

    @Override
    ProviderSettings pointedAt(AnthropicStub stub) {
        return ProviderSettings.defaults().withAnthropic(stub.baseUrl(), KEY);
    }

    @Override
    String name() {
        return "anthropic";
    }

    @Override
    String model() {
        return "claude-3-5-haiku-latest";
    }

    @Test
    void the_request_carries_the_cards_model_settings_the_system_prompt_the_message_and_the_key() {
        stream().awaitUsage();

        JsonNode body = stub.lastRequest().json();
        assertEquals("/v1/messages", stub.lastRequest().path());
        assertEquals(KEY, stub.lastRequest().header("x-api-key"));
        assertEquals("2023-06-01", stub.lastRequest().header("anthropic-version"));
        assertEquals("claude-3-5-haiku-latest", body.path("model").asText());
        assertEquals(0.2, body.path("temperature").asDouble());
        assertEquals(50, body.path("max_tokens").asInt());
        assertTrue(body.path("stream").asBoolean());
        assertEquals(SYSTEM, text(body.path("system")));
        assertEquals(1, body.path("messages").size());
        assertEquals("user", body.path("messages").get(0).path("role").asText());
        assertEquals(USER, text(body.path("messages").get(0).path("content")));
    }

    @Test
    void without_max_tokens_langchain4js_default_of_1024_is_sent_as_anthropic_requires_one() {
        stream(new ModelSettings("anthropic", model(), null, null)).awaitUsage();

        assertEquals(1024, stub.lastRequest().json().path("max_tokens").asInt());
    }

    @Test
    void an_overloaded_anthropic_is_retried() {
        stub.failNext(1, 529, null);

        RecordingListener listener = stream();
        listener.awaitUsage();

        assertEquals(USER, listener.output());
        assertEquals(2, stub.requestCount());
    }

    @Test
    void a_wrong_key_is_reported_with_anthropics_message() {
        stub.requireApiKey("sk-ant-another");

        Throwable error = stream().awaitError();

        assertEquals("anthropic answered 401: invalid x-api-key", error.getMessage());
    }

    @Test
    void a_key_the_provider_echoes_back_is_redacted_from_the_error() {
        stub.failNext(1, 400, null, "key " + KEY + " cannot use this model");

        Throwable error = stream().awaitError();

        assertEquals("anthropic answered 400: key [API key] cannot use this model", error.getMessage());
    }

    /** A content or system field as text: a string, or the text of its blocks. */
    private static String text(JsonNode content) {
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder text = new StringBuilder();
        content.forEach(block -> text.append(block.path("text").asText()));
        return text.toString();
    }
}
