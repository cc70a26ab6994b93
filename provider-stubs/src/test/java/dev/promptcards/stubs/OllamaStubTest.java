package dev.promptcards.stubs;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Ollama's wire format, and the fault modes every stub shares. */
class OllamaStubTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REQUEST = """
            {"model": "llama3.2", "stream": true,
             "messages": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Say hi"}]}
            """;

    private final OllamaStub stub = OllamaStub.start();
    private final StubWire wire = new StubWire();

    @AfterEach
    void stop() {
        wire.close();
        stub.close();
    }

    private URI chat() {
        return URI.create(stub.baseUrl() + "/api/chat");
    }

    @Test
    void a_stream_is_one_json_line_per_word_then_the_done_line_with_the_counts() throws Exception {
        HttpResponse<String> response = wire.post(chat(), REQUEST);

        assertEquals("application/x-ndjson", response.headers().firstValue("Content-Type").orElseThrow());
        String[] lines = response.body().split("\n");
        assertEquals(3, lines.length);
        JsonNode first = JSON.readTree(lines[0]);
        assertEquals("llama3.2", first.path("model").asText());
        assertEquals("Say", first.path("message").path("content").asText());
        assertFalse(first.path("done").asBoolean());
        assertEquals(" hi", JSON.readTree(lines[1]).path("message").path("content").asText());
        JsonNode last = JSON.readTree(lines[2]);
        assertTrue(last.path("done").asBoolean());
        assertEquals("stop", last.path("done_reason").asText());
        assertEquals("", last.path("message").path("content").asText());
        assertEquals(4, last.path("prompt_eval_count").asInt());
        assertEquals(2, last.path("eval_count").asInt());
    }

    @Test
    void garbage_is_an_html_page_with_status_200() throws Exception {
        stub.garbage();

        HttpResponse<String> response = wire.post(chat(), REQUEST);

        assertEquals(200, response.statusCode());
        assertEquals("text/html", response.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(response.body().startsWith("<html>"), response.body());
    }

    @Test
    void a_stream_closed_midway_breaks_the_body() {
        stub.closeMidStream(1);

        ExecutionException broken = assertThrows(ExecutionException.class, () -> wire.postAsync(chat(), REQUEST).get());

        assertInstanceOf(IOException.class, broken.getCause());
        assertEquals(0, stub.completedCount());
        assertEquals(1, stub.requestCount());
    }

    @Test
    void a_hanging_stub_answers_nothing_and_drops_the_connection_when_closed() {
        stub.hang();

        CompletableFuture<HttpResponse<String>> answer = wire.postAsync(chat(), REQUEST);
        await().atMost(Duration.ofSeconds(10)).until(() -> stub.requestCount() == 1);
        assertFalse(answer.isDone());
        stub.close();

        ExecutionException dropped = assertThrows(ExecutionException.class, answer::get);
        assertInstanceOf(IOException.class, dropped.getCause());
    }

    @Test
    void behaving_normally_again_clears_the_fault_and_the_queued_failures() throws Exception {
        stub.garbage();
        stub.failNext(3, 503, null);
        stub.behaveNormally();

        HttpResponse<String> response = wire.post(chat(), REQUEST);

        assertEquals(200, response.statusCode());
        assertEquals("application/x-ndjson", response.headers().firstValue("Content-Type").orElseThrow());
    }

    @Test
    void a_slow_stream_sees_the_client_go_away() {
        stub.chunkDelay(Duration.ofMillis(20));
        stub.reply(request -> "w ".repeat(200));

        CompletableFuture<HttpResponse<String>> answer = wire.postAsync(chat(), REQUEST);
        await().atMost(Duration.ofSeconds(10)).until(() -> stub.requestCount() == 1);
        wire.abort();

        await().atMost(Duration.ofSeconds(10)).until(stub::clientAborted);
        assertEquals(1, stub.abortedCount());
        assertEquals(0, stub.completedCount());
        await().atMost(Duration.ofSeconds(10)).until(answer::isDone);
        assertTrue(answer.isCompletedExceptionally());
    }
}
