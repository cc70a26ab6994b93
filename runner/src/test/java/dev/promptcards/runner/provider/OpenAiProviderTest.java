package dev.promptcards.runner.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.promptcards.card.schema.ModelSettings;
import dev.promptcards.stubs.OpenAiStub;
import org.junit.jupiter.api.Test;

class OpenAiProviderTest extends HttpProviderBehaviour<OpenAiStub> {

    @Override
    OpenAiStub startStub() {
        return OpenAiStub.start();
    }

    @Override
    ProviderSettings pointedAt(OpenAiStub stub) {
        return ProviderSettings.defaults().withOpenAi(stub.baseUrl(), KEY);
    }

    @Override
    String name() {
        return "openai";
    }

    @Override
    String model() {
        return "gpt-4o-mini";
    }

    @Test
    void the_request_carries_the_cards_model_settings_both_messages_the_key_and_asks_for_usage() {
        stream().awaitUsage();

        JsonNode body = stub.lastRequest().json();
        assertEquals("/v1/chat/completions", stub.lastRequest().path());
        assertEquals("Bearer " + KEY, stub.lastRequest().header("Authorization"));
        assertEquals("gpt-4o-mini", body.path("model").asText());
        assertEquals(0.2, body.path("temperature").asDouble());
        assertEquals(50, body.path("max_tokens").asInt());
        assertTrue(body.path("stream").asBoolean());
        assertTrue(body.path("stream_options").path("include_usage").asBoolean());
        assertEquals(2, body.path("messages").size());
        assertEquals("system", body.path("messages").get(0).path("role").asText());
        assertEquals(SYSTEM, body.path("messages").get(0).path("content").asText());
        assertEquals("user", body.path("messages").get(1).path("role").asText());
        assertEquals(USER, body.path("messages").get(1).path("content").asText());
    }

    @Test
    void settings_the_card_leaves_out_are_left_out_of_the_request() {
        stream(new ModelSettings("openai", "gpt-4o-mini", null, null)).awaitUsage();

        JsonNode body = stub.lastRequest().json();
        assertFalse(body.has("temperature"));
        assertFalse(body.has("max_tokens"));
        assertFalse(body.has("max_completion_tokens"));
    }

    @Test
    void a_reasoning_model_gets_max_tokens_as_max_completion_tokens() {
        stream(new ModelSettings("openai", "o3-mini", null, 64L)).awaitUsage();

        JsonNode body = stub.lastRequest().json();
        assertEquals(64, body.path("max_completion_tokens").asInt());
        assertFalse(body.has("max_tokens"));
        assertTrue(OpenAiProvider.reasoningModel("gpt-5"));
        assertTrue(OpenAiProvider.reasoningModel("openai/o1-preview"));
        assertFalse(OpenAiProvider.reasoningModel("gpt-4o"));
    }

    @Test
    void a_wrong_key_is_reported_with_openais_message_and_not_retried() {
        stub.requireApiKey("sk-another-key");

        Throwable error = stream().awaitError();

        assertEquals("openai answered 401: Incorrect API key provided. You can find your API key at "
                + "https://platform.openai.com/account/api-keys.", error.getMessage());
        assertEquals(1, stub.requestCount());
    }

    @Test
    void a_key_the_provider_echoes_back_is_redacted_from_the_error() {
        stub.failNext(1, 401, null, "Incorrect API key provided: " + KEY + ".");

        Throwable error = stream().awaitError();

        assertEquals("openai answered 401: Incorrect API key provided: [API key].", error.getMessage());
    }
}
