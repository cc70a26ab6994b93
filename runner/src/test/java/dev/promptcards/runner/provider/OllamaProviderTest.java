package dev.promptcards.runner.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.promptcards.stubs.OllamaStub;
import org.junit.jupiter.api.Test;

class OllamaProviderTest extends HttpProviderBehaviour<OllamaStub> {

    @Override
    OllamaStub startStub() {
        return OllamaStub.start();
    }

    @Override
    ProviderSettings pointedAt(OllamaStub stub) {
        return ProviderSettings.defaults().withOllama(stub.baseUrl());
    }

    @Override
    String name() {
        return "ollama";
    }

    @Override
    String model() {
        return "llama3.2";
    }

    @Test
    void the_request_carries_the_cards_model_settings_as_options_and_both_messages() {
        stream().awaitUsage();

        JsonNode body = stub.lastRequest().json();
        assertEquals("/api/chat", stub.lastRequest().path());
        assertNull(stub.lastRequest().header("Authorization"));
        assertEquals("llama3.2", body.path("model").asText());
        assertEquals(0.2, body.path("options").path("temperature").asDouble());
        assertEquals(50, body.path("options").path("num_predict").asInt());
        assertTrue(body.path("stream").asBoolean());
        assertEquals(2, body.path("messages").size());
        assertEquals("system", body.path("messages").get(0).path("role").asText());
        assertEquals(SYSTEM, body.path("messages").get(0).path("content").asText());
        assertEquals("user", body.path("messages").get(1).path("role").asText());
        assertEquals(USER, body.path("messages").get(1).path("content").asText());
    }

    @Test
    void a_model_ollama_does_not_have_is_reported_with_its_message() {
        stub.failNext(1, 404, null, "model \"llama3.2\" not found, try pulling it first");

        Throwable error = stream().awaitError();

        assertEquals("ollama answered 404: model \"llama3.2\" not found, try pulling it first", error.getMessage());
    }
}
